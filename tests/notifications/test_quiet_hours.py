"""Each member's time for emails: quiet hours hold immediate emails until they end, and
the daily digest goes out in the member's morning."""

from datetime import UTC, datetime, time
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts import zones
from forum import services
from forum.models import ThreadFollow
from notifications import emails
from notifications.models import DigestEmail, Notification
from tests.factories import UserFactory
from tests.notifications.support import choose

TORONTO = zones.zone_named("America/Toronto")


def toronto(*args) -> datetime:
    return datetime(*args, tzinfo=TORONTO)


@pytest.fixture
def night_owl(db):
    """A member in Toronto with quiet hours from 22:00 to 08:00."""
    return UserFactory(
        display_name="Night Owl",
        time_zone="America/Toronto",
        quiet_hours_start=time(22),
        quiet_hours_end=time(8),
    )


def sent_to(member) -> list:
    return [email for email in mail.outbox if email.to == [member.email]]


def run_at(moment: datetime) -> str:
    """`send_digests` as cron runs it, at that moment."""
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("send_digests", stdout=out)
    return out.getvalue()


def mention_at(committed, moment, thread, member, author):
    """A reply mentioning the member (emailed right away by default), posted at that
    moment: the fan-out and the email run inline when it commits."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        with committed():
            return services.reply_create(
                author=author, thread=thread, body=f"Thoughts, @{member.display_name}?"
            )


def test_an_email_due_at_23_in_quiet_hours_arrives_at_08(
    committed, discussion, night_owl, other_member
):
    mention_at(committed, toronto(2027, 1, 14, 23, 0), discussion, night_owl, other_member)
    assert sent_to(night_owl) == []
    notification = Notification.objects.get(recipient=night_owl)
    assert notification.email == "immediate" and notification.emailed_at is None
    assert notification.email_after == datetime(2027, 1, 15, 13, 0, tzinfo=UTC)  # 08:00 EST

    assert "Sent 0 emails held for quiet hours." in run_at(toronto(2027, 1, 15, 7, 59))
    assert sent_to(night_owl) == []
    assert "Sent 1 email held for quiet hours." in run_at(toronto(2027, 1, 15, 8, 0))
    [email] = sent_to(night_owl)
    assert "mentioned you" in email.subject
    assert "Sent 0 emails held for quiet hours." in run_at(toronto(2027, 1, 15, 8, 5))
    assert len(sent_to(night_owl)) == 1


def test_outside_quiet_hours_an_email_goes_at_once(committed, discussion, night_owl, other_member):
    mention_at(committed, toronto(2027, 1, 14, 21, 59), discussion, night_owl, other_member)
    assert [email.to for email in mail.outbox] == [[night_owl.email]]


def test_quiet_hours_hold_only_their_members_email(
    committed, discussion, night_owl, follower, other_member
):
    choose(follower, reply="immediate")
    ThreadFollow.objects.create(user=follower, thread=discussion)
    mention_at(committed, toronto(2027, 1, 14, 23, 0), discussion, night_owl, other_member)
    assert [email.to for email in mail.outbox] == [[follower.email]]


def test_a_member_who_drops_quiet_hours_gets_what_was_held_at_the_next_run(
    committed, discussion, night_owl, other_member
):
    mention_at(committed, toronto(2027, 1, 14, 23, 0), discussion, night_owl, other_member)
    night_owl.quiet_hours_start = night_owl.quiet_hours_end = None
    night_owl.save()
    # Held until 08:00 all the same: the time was set when the email was held.
    run_at(toronto(2027, 1, 14, 23, 30))
    assert sent_to(night_owl) == []
    run_at(toronto(2027, 1, 15, 8, 0))
    assert len(sent_to(night_owl)) == 1


def test_a_held_email_whose_send_fails_is_tried_again_at_the_next_run(
    committed, discussion, night_owl, other_member, settings
):
    mention_at(committed, toronto(2027, 1, 14, 23, 0), discussion, night_owl, other_member)
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingEmailBackend"
    run_at(toronto(2027, 1, 15, 8, 0))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sent_to(night_owl) == []
    run_at(toronto(2027, 1, 15, 8, 5))
    assert len(sent_to(night_owl)) == 1


# Digests in the member's morning ------------------------------------------------------


@pytest.fixture
def waiting_digest(discussion, member, other_member):
    """A reply the discussion's author (`member`) hears of in their daily digest."""
    choose(member, reply="daily")
    post = services.reply_create(author=other_member, thread=discussion, body="Hello")
    Notification.objects.create(
        recipient=member,
        kind="reply",
        post=post,
        email="daily",
        created_at=datetime(2027, 1, 14, 12, 0, tzinfo=UTC),
    )
    return member


def test_the_digest_goes_out_at_eight_in_the_members_own_morning(waiting_digest):
    waiting_digest.time_zone = "America/Toronto"
    waiting_digest.save()
    # 08:00 in London, 03:00 in Toronto: not yet.
    assert "Sent 0 digest emails." in run_at(datetime(2027, 1, 15, 8, 0, tzinfo=UTC))
    assert "Sent 0 digest emails." in run_at(toronto(2027, 1, 15, 7, 55))
    assert "Sent 1 digest email." in run_at(toronto(2027, 1, 15, 8, 0))
    assert [email.to for email in mail.outbox] == [[waiting_digest.email]]
    assert "Sent 0 digest emails." in run_at(toronto(2027, 1, 15, 20, 0))


def test_a_member_without_a_zone_has_the_sites_morning(waiting_digest):
    assert "Sent 1 digest email." in run_at(datetime(2027, 1, 15, 8, 0, tzinfo=UTC))


def test_what_arrives_after_the_morning_waits_for_the_next_one(waiting_digest, discussion):
    run_at(datetime(2027, 1, 15, 8, 0, tzinfo=UTC))
    later = Notification.objects.create(
        recipient=waiting_digest,
        kind="reply",
        post=discussion.posts.first(),
        email="daily",
        created_at=datetime(2027, 1, 15, 9, 0, tzinfo=UTC),
    )
    # Not the afternoon: a daily digest is not an email per notification.
    assert "Sent 0 digest emails." in run_at(datetime(2027, 1, 15, 15, 0, tzinfo=UTC))
    assert "Sent 1 digest email." in run_at(datetime(2027, 1, 16, 8, 0, tzinfo=UTC))
    later.refresh_from_db()
    assert later.emailed_at is not None
    assert DigestEmail.objects.filter(recipient=waiting_digest).count() == 2


def test_a_digest_in_quiet_hours_waits_until_they_end(waiting_digest):
    waiting_digest.quiet_hours_start, waiting_digest.quiet_hours_end = time(21), time(9, 30)
    waiting_digest.save()
    assert "Sent 0 digest emails." in run_at(datetime(2027, 1, 15, 8, 0, tzinfo=UTC))
    assert "Sent 1 digest email." in run_at(datetime(2027, 1, 15, 9, 30, tzinfo=UTC))


def test_the_scheduled_task_sends_held_emails_and_digests(
    committed, discussion, night_owl, other_member, waiting_digest
):
    from notifications import tasks

    mention_at(committed, toronto(2027, 1, 14, 23, 0), discussion, night_owl, other_member)
    mail.outbox.clear()
    with mock.patch("django.utils.timezone.now", return_value=toronto(2027, 1, 15, 8, 0)):
        assert tasks.send_digests() == 1
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [night_owl.email, waiting_digest.email]
    )


def test_emails_read_dates_in_the_members_time(night_owl, discussion):
    notification = Notification(recipient=night_owl, kind="reply", post=discussion.posts.first())
    seen = []

    def remember(*args, **kwargs):
        seen.append(timezone.get_current_timezone_name())
        return ""

    with mock.patch.object(emails, "render_to_string", side_effect=remember):
        emails.notification_message(notification)
    assert set(seen) == {"America/Toronto"}
