from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from forum import services as forum_services
from moderation import services
from moderation.models import ClinicianReviewReminder, ModerationAction
from tests.factories import ClinicianVerificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def run(*args, capture):
    out = StringIO()
    with capture(execute=True):
        call_command("clinician_rechecks", *args, stdout=out)
    return out.getvalue()


def clinician_due_in(days, **fields):
    return UserFactory(
        role=User.Role.CLINICIAN,
        clinician_profession=User.Profession.PHARMACIST,
        clinician_verified_at=timezone.now() - timedelta(days=300),
        clinician_review_due=timezone.localdate() + timedelta(days=days),
        **fields,
    )


def test_a_clinician_past_the_review_date_lapses_once_and_is_logged(
    thread, django_capture_on_commit_callbacks
):
    overdue = clinician_due_in(-1, display_name="Overdue Pharmacist")
    forum_services.reply_create(author=overdue, thread=thread, body="Generally...", expert=True)

    out = run(capture=django_capture_on_commit_callbacks)

    overdue.refresh_from_db()
    thread.refresh_from_db()
    assert "Lapsed: Overdue Pharmacist" in out
    assert "1 clinician(s) lapsed" in out
    assert not overdue.is_clinician and overdue.role == User.Role.PATIENT
    assert not thread.has_expert_answer
    entry = ModerationAction.objects.get()
    assert entry.action == ModerationAction.Action.CLINICIAN_LAPSED
    assert entry.moderator is None and entry.target_user == overdue
    assert [m.to for m in mail.outbox] == [[overdue.email]]

    again = run(capture=django_capture_on_commit_callbacks)
    assert "0 clinician(s) lapsed, 0 reminder(s) sent." in again
    assert ModerationAction.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_review_date_itself_is_still_valid(django_capture_on_commit_callbacks):
    due_today = clinician_due_in(0)
    run(capture=django_capture_on_commit_callbacks)
    due_today.refresh_from_db()
    assert due_today.is_clinician


def test_a_reminder_is_sent_once_per_review_date_however_often_the_job_runs(
    django_capture_on_commit_callbacks, settings
):
    settings.CLINICIAN_REMINDER_DAYS = 30
    soon = clinician_due_in(20, display_name="Soon Due")
    clinician_due_in(45)  # not yet in the reminder window

    first = run(capture=django_capture_on_commit_callbacks)
    assert "Reminded: Soon Due" in first
    assert [m.to for m in mail.outbox] == [[soon.email]]
    assert "renew" in mail.outbox[0].subject.lower()

    for day in range(1, 4):
        later = (timezone.localdate() + timedelta(days=day)).isoformat()
        run("--date", later, capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert ClinicianReviewReminder.objects.filter(user=soon).count() == 1
    assert not ModerationAction.objects.exists()


def test_a_renewed_clinician_is_reminded_again_for_the_next_review_date(
    moderator, django_capture_on_commit_callbacks, settings
):
    soon = clinician_due_in(10)
    run(capture=django_capture_on_commit_callbacks)
    renewal = ClinicianVerificationFactory(applicant=soon)
    services.verification_approve(moderator=moderator, verification=renewal)
    soon.refresh_from_db()
    next_window = soon.clinician_review_due - timedelta(days=settings.CLINICIAN_REMINDER_DAYS)
    run("--date", next_window.isoformat(), capture=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    assert ClinicianReviewReminder.objects.filter(user=soon).count() == 2


def test_no_reminder_while_a_renewal_request_waits_for_review(
    django_capture_on_commit_callbacks,
):
    soon = clinician_due_in(10)
    ClinicianVerificationFactory(applicant=soon)
    run(capture=django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_members_who_are_not_clinicians_are_left_alone(member, django_capture_on_commit_callbacks):
    User.objects.filter(pk=member.pk).update(
        clinician_review_due=timezone.localdate() - timedelta(days=3)
    )
    out = run(capture=django_capture_on_commit_callbacks)
    assert "0 clinician(s) lapsed, 0 reminder(s) sent." in out
    assert mail.outbox == []


def test_the_service_reports_what_it_did_for_a_given_day(settings):
    settings.CLINICIAN_REMINDER_DAYS = 7
    lapsing = clinician_due_in(3)
    reminded = clinician_due_in(10)
    done = services.clinician_rechecks_run(today=timezone.localdate() + timedelta(days=5))
    assert done == {"lapsed": [lapsing], "reminded": [reminded]}


def test_a_malformed_date_is_a_clear_command_error():
    with pytest.raises(CommandError, match="--date"):
        call_command("clinician_rechecks", "--date", "25/11/2026")
