import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from moderation.models import AppendOnlyError, ClinicianVerification, ModerationAction
from tests.factories import ClinicianVerificationFactory

Status = ClinicianVerification.Status


def log_entry(**fields):
    return ModerationAction.objects.create(
        action=ModerationAction.Action.CLINICIAN_REVOKED,
        target_label="Someone (Physician)",
        reason="Original reason.",
        **fields,
    )


def test_a_log_entry_cannot_be_changed_once_written(db):
    entry = log_entry()
    entry.reason = "Rewritten."
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.filter(pk=entry.pk).update(reason="Rewritten.")
    assert ModerationAction.objects.get(pk=entry.pk).reason == "Original reason."


def test_a_log_entry_cannot_be_deleted(db):
    entry = log_entry()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ModerationAction.objects.all().delete()
    assert ModerationAction.objects.filter(pk=entry.pk).exists()


def test_the_log_outlives_the_members_it_names(member, moderator):
    entry = log_entry(moderator=moderator, target_user=member)
    member.delete()
    moderator.delete()
    entry = ModerationAction.objects.get(pk=entry.pk)
    assert entry.moderator is None and entry.target_user is None
    assert entry.target_label == "Someone (Physician)"


def test_the_database_allows_one_pending_request_per_member(member):
    ClinicianVerificationFactory(applicant=member)
    ClinicianVerificationFactory(applicant=member, status=Status.REJECTED)
    ClinicianVerificationFactory(applicant=member, status=Status.WITHDRAWN)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicianVerificationFactory(applicant=member)


def test_the_moderators_group_has_the_review_and_log_permissions(db):
    codenames = set(
        Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True)
    )
    assert {
        "view_clinicianverification",
        "change_clinicianverification",
        "view_moderationaction",
        "view_thread",
        "change_thread",
        "view_post",
        "change_post",
        "view_user",
    } <= codenames
    assert "change_moderationaction" not in codenames
    assert "delete_moderationaction" not in codenames


def test_the_log_already_knows_the_actions_other_moderation_tools_will_record():
    actions = set(ModerationAction.Action.values)
    assert {"post_hidden", "thread_locked", "member_suspended"} <= actions
