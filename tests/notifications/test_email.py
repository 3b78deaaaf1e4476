"""Emails right away, in a daily digest or never; unsubscribing; a failing server."""

import logging
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post, ThreadFollow
from notifications import emails
from notifications.models import DigestEmail, Notification, NotificationPreference
from tests.notifications.support import choose, tomorrow_at

Kind = Notification.Kind


@pytest.fixture
def followed(discussion, member, follower):
    """The discussion, followed by `follower`; its author (who follows it too) gets no
    reply emails, so that the outbox is about the follower."""
    ThreadFollow.objects.create(user=follower, thread=discussion)
    choose(member, reply="never")
    return discussion


def reply(committed, thread, author, body="Rest helped me a lot."):
    with committed():
        return services.reply_create(author=author, thread=thread, body=body)


def send_digests(at=None) -> str:
    """Run the command as cron does, by default tomorrow at 09:00 (the site's time), once
    the morning digests of what arrives today are due."""
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=at or tomorrow_at(9)):
        call_command("send_digests", stdout=out)
    return out.getvalue()


def test_immediate_email_arrives_with_a_link_to_the_post(
    committed, followed, follower, other_member, settings
):
    settings.SITE_URL = "https://forum.example.org"
    choose(follower, reply="immediate")
    post = reply(committed, followed, other_member)
    [email] = mail.outbox
    assert email.to == [follower.email]
    assert email.subject == (
        "[Patient Forum] MapleRunner replied in “Gene therapy for autoimmune disease?”"
    )
    # Through the notification's own address: opening it marks it read.
    notification = Notification.objects.get(recipient=follower, post=post)
    link = "https://forum.example.org" + reverse("notifications:open", args=[notification.pk])
    assert link in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and link in html
    # Never the post's text: emails leave our servers.
    assert "Rest helped me a lot." not in email.body + html
    assert Notification.objects.get(recipient=follower).emailed_at is not None


def test_every_email_carries_the_list_unsubscribe_headers(
    committed, followed, follower, other_member
):
    choose(follower, reply="immediate")
    reply(committed, followed, other_member)
    [email] = mail.outbox
    header = email.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://127.0.0.1:8000/notifications/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.strip("<>") in email.body
    message = email.message()
    assert message["List-Unsubscribe"] == header


def test_digest_choice_sends_nothing_now_then_one_digest_once(
    committed, followed, follower, other_member
):
    choose(follower, reply="daily")
    first = reply(committed, followed, other_member, "First")
    second = reply(committed, followed, other_member, "Second")
    assert mail.outbox == []
    assert "Sent 1 digest email." in send_digests()
    [email] = mail.outbox
    assert email.to == [follower.email]
    assert "2 new notifications" in email.subject
    for post in (first, second):
        notification = Notification.objects.get(recipient=follower, post=post)
        assert reverse("notifications:open", args=[notification.pk]) in email.body
    assert "List-Unsubscribe" in email.extra_headers
    digest = DigestEmail.objects.get(recipient=follower)
    assert digest.notification_count == 2
    assert "Sent 0 digest emails." in send_digests()
    assert len(mail.outbox) == 1


def test_a_digest_goes_out_at_most_once_a_day_and_never_repeats_an_item(
    committed, followed, follower, other_member
):
    choose(follower, reply="daily")
    reply(committed, followed, other_member, "First")
    send_digests()
    later = reply(committed, followed, other_member, "Later")
    send_digests()
    assert len(mail.outbox) == 1
    DigestEmail.objects.update(sent_at=timezone.now() - timedelta(days=1))
    send_digests()
    assert len(mail.outbox) == 2
    notification = Notification.objects.get(recipient=follower, post=later)
    assert reverse("notifications:open", args=[notification.pk]) in mail.outbox[1].body
    assert "First" not in mail.outbox[1].body and "1 new notification" in mail.outbox[1].subject


def test_a_notification_read_before_the_digest_is_left_out(
    committed, followed, follower, other_member
):
    choose(follower, reply="daily")
    reply(committed, followed, other_member)
    Notification.objects.update(read_at=timezone.now())
    send_digests()
    assert mail.outbox == []


def test_never_sends_no_email_but_the_notification_is_there(
    committed, followed, follower, other_member
):
    choose(follower, reply="never")
    reply(committed, followed, other_member)
    send_digests()
    assert mail.outbox == []
    assert Notification.objects.get(recipient=follower).kind == Kind.REPLY


def test_defaults_email_mentions_at_once_and_replies_in_the_digest(
    committed, discussion, member, follower, other_member
):
    reply(committed, discussion, other_member, "Ask @Willow Ash")
    assert [email.to for email in mail.outbox] == [[follower.email]]
    send_digests()
    assert [email.to for email in mail.outbox[1:]] == [[member.email]]


def test_no_email_to_an_address_not_confirmed(committed, followed, follower, other_member):
    follower.emailaddress_set.update(verified=False)
    choose(follower, reply="immediate")
    reply(committed, followed, other_member)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=follower).email == "never"


def test_the_unsubscribe_link_works_signed_out_get_confirms_post_unsubscribes(
    client, committed, followed, follower, other_member
):
    choose(follower, reply="immediate")
    reply(committed, followed, other_member)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200
    assert "Replies in discussions you follow" in page.content.decode()
    assert NotificationPreference.objects.get(user=follower, kind="reply").email == "immediate"
    done = client.post(path)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert NotificationPreference.objects.get(user=follower, kind="reply").email == "never"
    reply(committed, followed, other_member, "Another")
    assert len(mail.outbox) == 1


def test_the_one_click_post_of_a_mail_provider_unsubscribes(client, follower):
    path = emails.unsubscribe_url(follower, "mention").removeprefix("http://127.0.0.1:8000")
    response = client.post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=follower, kind="mention").email == "never"


def test_the_digest_link_stops_every_kind_sent_in_the_digest(client, follower):
    choose(follower, mention="immediate")
    client.post(emails.unsubscribe_url(follower, None).removeprefix("http://127.0.0.1:8000"))
    choices = dict(
        NotificationPreference.objects.filter(user=follower).values_list("kind", "email")
    )
    assert choices["mention"] == "immediate"
    assert choices["reply"] == choices["new_thread"] == choices["thanks"] == "never"


@pytest.mark.parametrize("mangle", [lambda t: t[:-3], lambda t: "x" + t, lambda t: "nonsense"])
def test_a_bad_unsubscribe_token_gets_a_clear_400_page(client, follower, mangle):
    token = emails.unsubscribe_token(follower, "reply")
    url = reverse("notifications:unsubscribe", kwargs={"token": mangle(token)})
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_an_unsubscribe_link_for_an_erased_account_is_refused(client, follower):
    url = emails.unsubscribe_url(follower, "reply").removeprefix("http://127.0.0.1:8000")
    follower.delete()
    assert client.post(url).status_code == 400


def test_a_failing_mail_server_keeps_the_post_and_the_notification(
    committed, followed, follower, other_member, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingEmailBackend"
    choose(follower, reply="immediate")
    with caplog.at_level(logging.WARNING, logger="notifications.emails"):
        post = reply(committed, followed, other_member)
    assert Post.objects.filter(pk=post.pk).exists()
    notification = Notification.objects.get(recipient=follower)
    assert notification.emailed_at is None  # handed back for a retry
    assert "SMTPException" in caplog.text
    assert "Rest helped" not in caplog.text


def test_a_failing_mail_server_sends_the_digest_on_the_next_run(
    committed, followed, follower, other_member, settings
):
    choose(follower, reply="daily")
    reply(committed, followed, other_member)
    settings.EMAIL_BACKEND = "tests.notifications.failing_backend.FailingEmailBackend"
    assert "Sent 0 digest emails." in send_digests()
    assert not DigestEmail.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert "Sent 1 digest email." in send_digests()
    assert len(mail.outbox) == 1


def test_choosing_never_cancels_items_waiting_for_the_digest(
    client, committed, followed, follower, other_member
):
    choose(follower, reply="daily")
    reply(committed, followed, other_member)
    client.force_login(follower)
    choices = {
        kind: "daily"
        for kind in (
            "mention",
            "expert_answer",
            "new_thread",
            "thanks",
            "me_too",
            "support",
            "report_outcome",
            "post_hidden",
            "clinician_note",
            "message",
        )
    }
    response = client.post(reverse("notifications:preferences"), {**choices, "reply": "never"})
    assert response.status_code == 302
    send_digests()
    assert mail.outbox == []
