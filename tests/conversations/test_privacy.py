"""Private messages in a member's export and at their erasure; never in search."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from conversations.models import Conversation, Message, Participant


def test_the_export_has_the_members_conversations_and_own_messages(alice, bruno, start):
    from conversations import services

    conversation = start(alice, bruno, subject="Work", body="Alice's words")
    services.message_send(author=bruno, conversation=conversation, body="Bruno's words")
    data = account_services.member_export(user=alice)
    [exported] = data["private_conversations"]
    assert exported["subject"] == "Work"
    assert [m["text"] for m in exported["your_messages"]] == ["Alice's words"]


@pytest.mark.parametrize("delete_posts", [True, False])
def test_erasure_deletes_or_keeps_messages_as_chosen(alice, bruno, start, delete_posts):
    from conversations import services

    conversation = start(alice, bruno, subject="Work", body="Alice's words")
    services.message_send(author=bruno, conversation=conversation, body="Bruno's words")
    services.message_send(author=alice, conversation=conversation, body="Alice again")
    account_services.member_erase(user=alice, delete_posts=delete_posts)
    left = list(Message.objects.values_list("body", "author_id"))
    if delete_posts:
        assert left == [("Bruno's words", bruno.pk)]
    else:
        assert sorted(left, key=str) == sorted(
            [("Alice's words", None), ("Bruno's words", bruno.pk), ("Alice again", None)], key=str
        )
    assert Participant.objects.filter(user_id=alice.pk).count() == 0
    bruno_place = Participant.objects.get(user=bruno)
    assert bruno_place.unread_count == (0 if delete_posts else 1)


def test_a_conversation_whose_every_message_is_erased_goes(alice, bruno, start):
    start(alice, bruno, body="Only mine")
    account_services.member_erase(user=alice, delete_posts=True)
    assert not Conversation.objects.exists()


def test_messages_are_never_found_by_search(client, alice, bruno, start):
    start(alice, bruno, subject="Zygomatic question", body="zygomatic arch pain")
    client.force_login(bruno)
    page = client.get(reverse("search:search"), {"q": "zygomatic"}).content.decode()
    assert "zygomatic arch pain" not in page and "Zygomatic question" not in page
