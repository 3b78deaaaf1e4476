"""New private messages told to the members: batched per conversation, emailed by their
choice without the words, read with the conversation, silent for who muted the author."""

from django.core import mail

from accounts import relations
from accounts.models import MemberRelation
from conversations import services
from conversations.models import Participant
from notifications.models import Notification
from tests.notifications.support import choose

Kind = Notification.Kind


def test_messages_are_batched_in_one_notification_and_one_email(
    alice, bruno, start, django_capture_on_commit_callbacks
):
    conversation = start(alice, bruno, subject="My diagnosis at work", body="Private words")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(author=alice, conversation=conversation, body="More words")
    notification = Notification.objects.get(recipient=bruno)
    assert (notification.kind, notification.count, notification.actor) == (
        Kind.MESSAGE,
        2,
        alice,
    )
    assert notification.summary() == "2 new private messages, the latest from Alice Harbour"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    for secret in ("Private words", "More words", "My diagnosis at work"):
        assert secret not in email.body
        assert all(secret not in str(part[0]) for part in email.alternatives)
    assert "List-Unsubscribe" in email.extra_headers
    assert email.extra_headers.get("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click"


def test_reading_the_conversation_reads_its_notification(client, alice, bruno, start):
    conversation = start(alice, bruno)
    client.force_login(bruno)
    client.get(conversation.get_absolute_url())
    assert Notification.objects.get(recipient=bruno).read_at is not None


def test_a_member_who_chose_never_gets_no_email_but_sees_it_in_the_app(alice, bruno, start):
    choose(bruno, message="never")
    start(alice, bruno)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=bruno, kind=Kind.MESSAGE).exists()


def test_a_member_who_muted_the_author_is_not_told(alice, bruno, chloe, start):
    relations.relation_set(owner=bruno, other=alice, kind=MemberRelation.Kind.MUTE, on=True)
    start(alice, bruno, chloe)
    assert not Notification.objects.filter(recipient=bruno).exists()
    assert Notification.objects.filter(recipient=chloe).exists()
    # The conversation still counts as unread for them: muting is about notifications.
    assert Participant.objects.get(user=bruno).unread_count == 1


def test_the_email_choice_is_offered_on_the_preferences_page(client, bruno):
    client.force_login(bruno)
    page = client.get("/account/notifications/").content.decode()
    assert "Private messages" in page
