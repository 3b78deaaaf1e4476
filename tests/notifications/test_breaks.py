"""Taking a break: no notification email at all while it lasts, the notifications and
their count kept in the app; a day, a week, or until the member turns emails back on."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from forum import services
from forum.models import ThreadFollow
from notifications import emails
from notifications.models import Notification
from tests.notifications.support import choose, tomorrow_at

BREAK = reverse("accounts:break")
BREAK_END = reverse("accounts:break_end")
SETTINGS = reverse("forum:settings")


def send_digests():
    with mock.patch("django.utils.timezone.now", return_value=tomorrow_at(9)):
        call_command("send_digests", stdout=StringIO())


@pytest.fixture
def on_a_break(client, follower):
    client.force_login(follower)
    response = client.post(BREAK, {"length": "week", "next": SETTINGS})
    assert response.status_code == 302 and response["Location"] == SETTINGS
    follower.refresh_from_db()
    return follower


def test_a_paused_member_gets_no_email_yet_keeps_every_notification_and_the_count(
    client, committed, discussion, member, on_a_break, other_member
):
    choose(member, reply="never")
    choose(on_a_break, reply="immediate")
    ThreadFollow.objects.create(user=on_a_break, thread=discussion)
    with committed():
        services.reply_create(author=other_member, thread=discussion, body="A reply")
        services.reply_create(author=other_member, thread=discussion, body="Any news, @Willow Ash?")
    choose(on_a_break, reply="daily")
    with committed():
        services.reply_create(author=member, thread=discussion, body="For the digest")
    send_digests()
    assert [email for email in mail.outbox if email.to == [on_a_break.email]] == []
    assert Notification.objects.filter(recipient=on_a_break).count() == 3
    nav = client.get("/").content.decode()
    assert 'Notifications <span class="badge' in nav and ">3<span" in nav
    # Nothing saved up to flood them after the break.
    assert not Notification.objects.filter(recipient=on_a_break, email__in=["immediate", "daily"])


def test_the_settings_page_says_emails_are_paused_and_turns_them_back_on(
    client, committed, discussion, on_a_break, other_member
):
    page = client.get(SETTINGS).content.decode()
    assert "Notification emails are paused until" in page
    assert f'action="{BREAK_END}"' in page
    response = client.post(BREAK_END, {"next": SETTINGS})
    assert response.status_code == 302
    on_a_break.refresh_from_db()
    assert not on_a_break.is_on_break
    assert "Notification emails are back on." in client.get(SETTINGS).content.decode()
    with committed():
        services.reply_create(author=other_member, thread=discussion, body="Hi @Willow Ash")
    assert [email.to for email in mail.outbox] == [[on_a_break.email]]


@pytest.mark.parametrize(("length", "days"), [("day", 1), ("week", 7), ("until_resumed", None)])
def test_a_break_lasts_a_day_a_week_or_until_turned_back_on(client, follower, length, days):
    client.force_login(follower)
    before = timezone.now()
    client.post(BREAK, {"length": length})
    follower.refresh_from_db()
    assert follower.is_on_break
    if days is None:
        assert follower.notifications_paused_until is None
        assert follower.is_on_break_at(before + timedelta(days=3650))
    else:
        until = follower.notifications_paused_until
        assert timedelta(days=days) <= until - before < timedelta(days=days, minutes=1)
        assert not follower.is_on_break_at(until)


def test_emails_flow_again_once_a_break_has_ended(
    committed, discussion, follower, member, other_member
):
    account_services.member_break_start(user=follower, until=timezone.now() + timedelta(days=1))
    follower.refresh_from_db()
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=2)):
        with committed():
            services.reply_create(author=other_member, thread=discussion, body="@Willow Ash hi")
    assert [email.to for email in mail.outbox] == [[follower.email]]


def test_a_moderator_on_a_break_still_hears_at_once_of_a_risk_of_self_harm(
    committed, discussion, moderator
):
    account_services.member_break_start(user=moderator, until=None)
    post = discussion.posts.first()
    Notification.objects.create(
        recipient=moderator, kind="urgent_report", post=post, email="immediate"
    )
    emails.post_emails_send(post_id=post.pk)
    assert [email.to for email in mail.outbox] == [[moderator.email]]


@pytest.mark.parametrize("length", ["", "fortnight", "forever"])
def test_a_break_of_no_known_length_is_refused_with_a_clear_400(client, follower, length):
    client.force_login(follower)
    response = client.post(BREAK, {"length": length})
    assert response.status_code == 400
    page = response.content.decode()
    assert "how long the break lasts" in page or "is not one of the choices" in page
    follower.refresh_from_db()
    assert not follower.is_on_break


def test_a_break_is_reached_from_the_settings_and_email_choices_pages(client, follower):
    client.force_login(follower)
    assert f'action="{BREAK}"' in client.get(SETTINGS).content.decode()
    assert BREAK in client.get(reverse("notifications:preferences")).content.decode()
    assert client.get(BREAK).status_code == 200


def test_only_one_self_is_paused_or_resumed(client, follower, other_member):
    account_services.member_break_start(user=other_member, until=None)
    client.force_login(follower)
    client.post(BREAK, {"length": "day", "user": other_member.pk})
    client.post(BREAK_END, {"user": other_member.pk})
    other_member.refresh_from_db()
    assert other_member.is_on_break and other_member.notifications_paused_until is None


def test_the_break_and_preferences_are_in_the_data_export(follower):
    account_services.member_break_start(user=follower, until=None)
    data = account_services.member_export(user=follower)
    assert data["preferences"]["notifications_paused_until"] == "until resumed"
    assert data["preferences"]["reading_comfort"] == "t=auto;s=1;c=0;f=0;m=0"
