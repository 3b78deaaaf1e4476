from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import User
from forum import services as forum_services
from moderation import services
from moderation.models import ClinicianVerification, ModerationAction
from tests.factories import ClinicianVerificationFactory, UserFactory

Status = ClinicianVerification.Status
Action = ModerationAction.Action


def test_a_member_applies_a_moderator_approves_and_the_member_becomes_a_clinician(
    member, moderator, request_fields, django_capture_on_commit_callbacks, settings
):
    settings.CLINICIAN_REVIEW_DAYS = 365
    verification = services.verification_request_create(applicant=member, **request_fields)
    assert verification.status == Status.PENDING
    assert not member.is_clinician

    with django_capture_on_commit_callbacks(execute=True):
        services.verification_approve(moderator=moderator, verification=verification)

    member.refresh_from_db()
    verification.refresh_from_db()
    assert member.is_clinician
    assert member.role == User.Role.CLINICIAN
    assert member.clinician_title == "Nurse · MS specialist nurse"
    assert member.clinician_verified_at == verification.decided_at
    assert member.clinician_review_due == timezone.localdate() + timedelta(days=365)
    assert (verification.status, verification.decided_by) == (
        Status.APPROVED,
        moderator,
    )

    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.target_user) == (
        Action.VERIFICATION_APPROVED,
        moderator,
        member,
    )
    assert member.display_name in entry.target_label

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [member.email]
    assert "verified clinician" in email.subject
    assert "Nurse · MS specialist nurse" in email.body
    # Private details never travel by email.
    assert "NMC-12A3456" not in email.body and "Kowalczyk" not in email.body


def test_a_rejection_needs_a_reason_and_sends_it_to_the_applicant(
    member, moderator, django_capture_on_commit_callbacks
):
    verification = ClinicianVerificationFactory(applicant=member)
    for empty in ["", "   \n "]:
        with pytest.raises(ValidationError, match="reason"):
            services.verification_reject(
                moderator=moderator, verification=verification, reason=empty
            )
    verification.refresh_from_db()
    assert verification.status == Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        services.verification_reject(
            moderator=moderator,
            verification=verification,
            reason="We could not find this licence number in the register.",
        )

    member.refresh_from_db()
    verification.refresh_from_db()
    assert not member.is_clinician and member.role == User.Role.PATIENT
    assert verification.status == Status.REJECTED
    assert verification.decision_reason == "We could not find this licence number in the register."
    entry = ModerationAction.objects.get()
    assert entry.action == Action.VERIFICATION_REJECTED
    assert entry.reason == verification.decision_reason
    assert len(mail.outbox) == 1
    assert "could not find this licence number in the register" in mail.outbox[0].body
    assert verification.licence_number not in mail.outbox[0].body


def test_a_second_pending_request_is_refused_with_a_clear_message(member, request_fields):
    services.verification_request_create(applicant=member, **request_fields)
    with pytest.raises(PermissionDenied, match="already have a request waiting for review"):
        services.verification_request_create(applicant=member, **request_fields)
    assert ClinicianVerification.objects.filter(applicant=member).count() == 1


def test_a_new_request_is_allowed_after_a_rejection_or_a_withdrawal(member, request_fields):
    ClinicianVerificationFactory(applicant=member, status=Status.REJECTED)
    first = services.verification_request_create(applicant=member, **request_fields)
    services.verification_withdraw(applicant=member, verification=first)
    assert ClinicianVerification.objects.get(pk=first.pk).status == Status.WITHDRAWN
    services.verification_request_create(applicant=member, **request_fields)
    assert ClinicianVerification.objects.filter(status=Status.PENDING).count() == 1


def test_a_verified_clinician_cannot_apply_until_their_renewal_window_opens(
    clinician, request_fields, settings
):
    settings.CLINICIAN_REMINDER_DAYS = 30
    with pytest.raises(PermissionDenied, match="already a verified clinician"):
        services.verification_request_create(applicant=clinician, **request_fields)
    User.objects.filter(pk=clinician.pk).update(
        clinician_review_due=timezone.localdate() + timedelta(days=20)
    )
    clinician.refresh_from_db()
    renewal = services.verification_request_create(applicant=clinician, **request_fields)
    assert renewal.is_pending


def test_approving_a_renewal_moves_the_review_date_and_keeps_the_badge(
    clinician, moderator, request_fields, settings
):
    User.objects.filter(pk=clinician.pk).update(
        clinician_review_due=timezone.localdate() + timedelta(days=5)
    )
    clinician.refresh_from_db()
    renewal = services.verification_request_create(applicant=clinician, **request_fields)
    services.verification_approve(moderator=moderator, verification=renewal)
    clinician.refresh_from_db()
    assert clinician.is_clinician
    assert clinician.clinician_review_due == timezone.localdate() + timedelta(
        days=settings.CLINICIAN_REVIEW_DAYS
    )


def test_only_moderators_can_decide_and_the_services_say_so(member, other_member):
    verification = ClinicianVerificationFactory(applicant=other_member)
    with pytest.raises(PermissionDenied, match="Only moderators"):
        services.verification_approve(moderator=member, verification=verification)
    with pytest.raises(PermissionDenied, match="Only moderators"):
        services.verification_reject(moderator=member, verification=verification, reason="No.")
    with pytest.raises(PermissionDenied, match="Only moderators"):
        services.clinician_revoke(moderator=member, user=other_member, reason="No.")
    verification.refresh_from_db()
    other_member.refresh_from_db()
    assert verification.status == Status.PENDING
    assert other_member.role == User.Role.PATIENT
    assert not ModerationAction.objects.exists()


def test_only_moderators_decide_not_other_staff_nor_a_stray_permission(member):
    from tests.factories import UserFactory

    member.user_permissions.add(Permission.objects.get(codename="change_clinicianverification"))
    member = User.objects.get(pk=member.pk)  # fresh permission cache
    staff = UserFactory(is_staff=True)  # staff, but not in the Moderators group
    verification = ClinicianVerificationFactory()
    for someone in (member, staff):
        with pytest.raises(PermissionDenied, match="Only moderators"):
            services.verification_approve(moderator=someone, verification=verification)
    assert ClinicianVerification.objects.get(pk=verification.pk).status == Status.PENDING


def test_a_moderator_cannot_decide_on_their_own_request(moderator, request_fields):
    own = services.verification_request_create(applicant=moderator, **request_fields)
    with pytest.raises(PermissionDenied, match="Another moderator"):
        services.verification_approve(moderator=moderator, verification=own)
    assert not User.objects.get(pk=moderator.pk).is_clinician


def test_a_decided_request_cannot_be_decided_again(moderator):
    verification = ClinicianVerificationFactory()
    services.verification_reject(moderator=moderator, verification=verification, reason="No.")
    with pytest.raises(ValidationError, match="already decided"):
        services.verification_approve(moderator=moderator, verification=verification)
    assert not verification.applicant.is_clinician
    assert ModerationAction.objects.count() == 1


def test_revoking_removes_the_badge_logs_it_and_the_discussion_loses_its_expert_answer(
    clinician, moderator, thread, django_capture_on_commit_callbacks
):
    forum_services.reply_create(
        author=clinician,
        thread=thread,
        body="In general, research is ongoing.",
        expert=True,
    )
    thread.refresh_from_db()
    assert thread.has_expert_answer

    with django_capture_on_commit_callbacks(execute=True):
        services.clinician_revoke(
            moderator=moderator,
            user=clinician,
            reason="Licence suspended by the register.",
        )

    clinician.refresh_from_db()
    thread.refresh_from_db()
    assert not clinician.is_clinician
    assert clinician.role == User.Role.PATIENT
    assert clinician.clinician_verified_at is None
    assert not thread.has_expert_answer
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.target_user) == (
        Action.CLINICIAN_REVOKED,
        moderator,
        clinician,
    )
    assert entry.reason == "Licence suspended by the register."
    assert "Physician · Neurology" in entry.target_label
    assert len(mail.outbox) == 1
    assert "Licence suspended by the register." in mail.outbox[0].body


def test_another_clinicians_expert_answer_keeps_the_discussion_marked(clinician, moderator, thread):
    second = UserFactory(
        role=User.Role.CLINICIAN,
        clinician_profession=User.Profession.NURSE,
        clinician_verified_at=timezone.now(),
    )
    forum_services.reply_create(author=clinician, thread=thread, body="One view.", expert=True)
    forum_services.reply_create(author=second, thread=thread, body="Another view.", expert=True)
    services.clinician_revoke(moderator=moderator, user=clinician, reason="Retired.")
    thread.refresh_from_db()
    assert thread.has_expert_answer


def test_approval_after_a_revocation_restores_the_expert_answer_marking(
    clinician, moderator, thread, request_fields
):
    forum_services.reply_create(author=clinician, thread=thread, body="Answer.", expert=True)
    services.clinician_revoke(moderator=moderator, user=clinician, reason="Lapsed licence.")
    clinician.refresh_from_db()
    again = services.verification_request_create(applicant=clinician, **request_fields)
    services.verification_approve(moderator=moderator, verification=again)
    thread.refresh_from_db()
    assert thread.has_expert_answer


def test_revoking_needs_a_reason_and_a_clinician(moderator, member, clinician):
    with pytest.raises(ValidationError, match="reason"):
        services.clinician_revoke(moderator=moderator, user=clinician, reason=" ")
    with pytest.raises(ValidationError, match="not a verified clinician"):
        services.clinician_revoke(moderator=moderator, user=member, reason="Because.")
    assert User.objects.get(pk=clinician.pk).is_clinician
    assert not ModerationAction.objects.exists()


def test_a_failing_mail_server_does_not_undo_a_decision(
    member, moderator, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from django.core.mail.backends.locmem import EmailBackend

    def broken_send(self, messages):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(EmailBackend, "send_messages", broken_send)
    verification = ClinicianVerificationFactory(applicant=member)
    with django_capture_on_commit_callbacks(execute=True):
        services.verification_approve(moderator=moderator, verification=verification)
    assert User.objects.get(pk=member.pk).is_clinician
    assert "not sent: ConnectionRefusedError" in caplog.text


def test_decision_letters_are_sent_by_the_notifications_app_with_the_reason(
    member, moderator, django_capture_on_commit_callbacks
):
    from django.core import mail

    verification = ClinicianVerificationFactory(applicant=member)
    with django_capture_on_commit_callbacks(execute=True):
        services.verification_reject(
            moderator=moderator,
            verification=verification,
            reason="The licence number does not match.",
        )
    [letter] = mail.outbox
    assert letter.to == [member.email]
    assert "was not approved" in letter.subject
    assert "The licence number does not match." in letter.body
    assert letter.extra_headers["Auto-Submitted"] == "auto-generated"
