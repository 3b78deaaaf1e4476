"""A reported private message: the moderator sees it and a bounded context, the reading
is logged, and they remove it or dismiss the reports. Nobody else sees it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from conversations import services
from conversations.models import Message
from moderation.models import MessageReport, ModerationAction
from notifications.models import Notification
from tests.factories import UserFactory

Action = ModerationAction.Action


@pytest.fixture
def long_conversation(alice, bruno, start, settings):
    settings.CONVERSATIONS_REPORT_CONTEXT = 2
    conversation = start(alice, bruno, subject="Our talk", body="Message one")
    for number in range(2, 11):
        author = bruno if number == 6 else alice
        services.message_send(author=author, conversation=conversation, body=f"Message {number}")
    return conversation


def report(client, reporter, conversation, number, reason="abuse"):
    client.force_login(reporter)
    url = reverse("moderation:message_report", args=[conversation.pk, number])
    return client.post(url, {"reason": reason, "note": "Unkind"})


def test_a_reported_message_is_read_by_a_moderator_with_its_context_and_logged(
    client, alice, bruno, long_conversation, moderator
):
    response = report(client, alice, long_conversation, 6)
    assert response.status_code == 200 and "your report was received" in response.content.decode()
    filed = MessageReport.objects.get()
    assert filed.text_as_reported == "Message 6"
    client.force_login(moderator)
    queue = client.get(reverse("admin:moderation_messagereport_changelist")).content.decode()
    assert "Message 6" not in queue  # the list never shows the words
    review_url = reverse("moderation:message_review", args=[filed.pk])
    assert review_url in queue
    page = client.get(review_url).content.decode()
    shown = [n for n in range(1, 11) if f"Message {n}<" in page or f"Message {n}\n" in page]
    assert shown == [4, 5, 6, 7, 8]
    assert "Message one" not in page and "Our talk" not in page
    entry = ModerationAction.objects.get(action=Action.MESSAGE_REPORT_VIEWED)
    assert (entry.moderator, entry.target_user) == (moderator, bruno)
    removed = client.post(
        reverse("moderation:message_decide", args=[filed.pk, "remove"]),
        {"reason": "Abusive words"},
    )
    assert removed.status_code == 302
    message = Message.objects.get(conversation=long_conversation, number=6)
    assert message.removed_at is not None and message.body == ""
    assert ModerationAction.objects.filter(action=Action.MESSAGE_REMOVED).exists()
    client.force_login(alice)
    page = client.get(long_conversation.get_absolute_url()).content.decode()
    assert "A moderator removed this message." in page and "Message 6" not in page


def test_the_admin_lists_reports_but_never_opens_one(client, alice, long_conversation, moderator):
    report(client, alice, long_conversation, 6)
    filed = MessageReport.objects.get()
    client.force_login(moderator)
    change = reverse("admin:moderation_messagereport_change", args=[filed.pk])
    response = client.get(change)
    assert response.status_code in (302, 403, 404)
    assert b"Message 6" not in response.content and b"Unkind" not in response.content
    assert not ModerationAction.objects.exists()


def test_the_review_shows_nothing_written_after_the_report(
    client, alice, bruno, long_conversation, moderator
):
    report(client, alice, long_conversation, 6)
    services.message_send(author=bruno, conversation=long_conversation, body="Written later")
    Message.objects.filter(conversation=long_conversation, number__gte=7).update(
        created_at=MessageReport.objects.get().created_at + timedelta(minutes=1)
    )
    client.force_login(moderator)
    page = client.get(
        reverse("moderation:message_review", args=[MessageReport.objects.get().pk])
    ).content.decode()
    assert "Message 5" in page and "Message 6" in page
    assert "Message 7" not in page and "Written later" not in page


def test_a_reason_is_needed_to_remove(client, alice, long_conversation, moderator):
    report(client, alice, long_conversation, 6)
    filed = MessageReport.objects.get()
    client.force_login(moderator)
    client.post(reverse("moderation:message_decide", args=[filed.pk, "remove"]), {"reason": ""})
    assert Message.objects.get(conversation=long_conversation, number=6).removed_at is None


def test_dismissing_keeps_the_message(client, alice, long_conversation, moderator):
    report(client, alice, long_conversation, 6)
    filed = MessageReport.objects.get()
    client.force_login(moderator)
    client.post(reverse("moderation:message_decide", args=[filed.pk, "dismiss"]))
    filed.refresh_from_db()
    assert filed.status == "dismissed"
    assert Message.objects.get(conversation=long_conversation, number=6).removed_at is None


@pytest.mark.parametrize("who", ["the reporter", "another member", "staff who do not moderate"])
def test_only_moderators_open_the_review(client, alice, long_conversation, who):
    report(client, alice, long_conversation, 6)
    filed = MessageReport.objects.get()
    reader = {
        "the reporter": alice,
        "another member": UserFactory(),
        "staff who do not moderate": UserFactory(is_staff=True),
    }[who]
    client.force_login(reader)
    for url in (
        reverse("moderation:message_review", args=[filed.pk]),
        reverse("moderation:message_decide", args=[filed.pk, "remove"]),
    ):
        assert client.post(url, {"reason": "x"}).status_code in (404, 405)
        assert client.get(url).status_code in (404, 405)
    assert not ModerationAction.objects.exists()
    assert Message.objects.get(conversation=long_conversation, number=6).removed_at is None


def test_ones_own_message_cannot_be_reported(client, bruno, long_conversation):
    assert report(client, bruno, long_conversation, 6).status_code == 404
    assert not MessageReport.objects.exists()


def test_a_risk_of_self_harm_alerts_the_moderators_at_once(
    client, alice, long_conversation, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(client, alice, long_conversation, 6, reason="self_harm")
    alert = Notification.objects.get(recipient=moderator)
    assert alert.kind == "urgent_message"
    assert alert.get_absolute_url() == reverse(
        "moderation:message_review", args=[MessageReport.objects.get().pk]
    )
    assert [m.to for m in mail.outbox if moderator.email in m.to]
    assert all("Message 6" not in m.body for m in mail.outbox)


def test_reporting_twice_is_refused_kindly(client, alice, long_conversation):
    report(client, alice, long_conversation, 6)
    again = report(client, alice, long_conversation, 6)
    assert again.status_code == 409
    assert "already reported" in again.content.decode()


def test_the_moderators_group_may_see_the_list(db):
    group = Group.objects.get(name="Moderators")
    assert group.permissions.filter(codename="view_messagereport").exists()
