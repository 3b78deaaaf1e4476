"""Conversations' writes: numbering, unread counts, who may write to whom."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import relations
from accounts.models import MemberRelation, User
from conversations import permissions, services
from conversations.models import Message, Participant
from tests.factories import UserFactory

Kind = MemberRelation.Kind


def test_a_conversation_starts_with_its_first_message_unread_for_the_others(
    alice, bruno, chloe, start
):
    conversation = start(alice, bruno, chloe, body="Did you tell your employer?")
    assert list(conversation.messages.values_list("number", "author_id")) == [(1, alice.pk)]
    unread = dict(
        Participant.objects.filter(conversation=conversation).values_list("user_id", "unread_count")
    )
    assert unread == {alice.pk: 0, bruno.pk: 1, chloe.pk: 1}


def test_messages_are_numbered_in_order_and_counted_unread(alice, bruno, start):
    conversation = start(alice, bruno)
    services.message_send(author=bruno, conversation=conversation, body="I did, last year.")
    services.message_send(author=bruno, conversation=conversation, body="It went fine.")
    assert list(conversation.messages.values_list("number", flat=True)) == [1, 2, 3]
    alice_place = Participant.objects.get(conversation=conversation, user=alice)
    assert alice_place.unread_count == 2
    services.conversation_read(user=alice, participant=alice_place, up_to=3)
    alice_place.refresh_from_db()
    assert (alice_place.unread_count, alice_place.last_read_number) == (0, 3)


def test_a_member_who_did_not_publish_a_post_cannot_start_one(bruno, start):
    newcomer = UserFactory()
    with pytest.raises(PermissionDenied, match="published"):
        start(newcomer, bruno)


def test_an_unconfirmed_email_cannot_start_one(bruno, start):
    unconfirmed = UserFactory(verified_email=False, is_trusted=True)
    with pytest.raises(PermissionDenied, match="confirm your email"):
        start(unconfirmed, bruno)


def test_nobody_writes_to_a_member_who_blocked_them_and_the_refusal_hides_why(alice, bruno, start):
    relations.relation_set(owner=bruno, other=alice, kind=Kind.BLOCK, on=True)
    with pytest.raises(ValidationError) as blocked:
        start(alice, bruno)
    User.objects.filter(pk=bruno.pk).update(messages_from=User.MessagesFrom.NOBODY)
    relations.relation_set(owner=bruno, other=alice, kind=Kind.BLOCK, on=False)
    with pytest.raises(ValidationError) as closed:
        start(alice, User.objects.get(pk=bruno.pk))
    assert (
        blocked.value.messages
        == closed.value.messages
        == ["Bruno Lantern does not accept messages."]
    )


def test_mutual_followers_only_means_both_follow(alice, bruno, start):
    User.objects.filter(pk=bruno.pk).update(messages_from=User.MessagesFrom.MUTUAL)
    bruno.refresh_from_db()
    relations.relation_set(owner=alice, other=bruno, kind=Kind.FOLLOW, on=True)
    with pytest.raises(ValidationError):
        start(alice, bruno)
    relations.relation_set(owner=bruno, other=alice, kind=Kind.FOLLOW, on=True)
    assert start(alice, bruno).message_count == 1


def test_a_block_in_a_conversation_already_started_is_silent(alice, bruno, start):
    """The blocked member writes as before; the member who blocked them is neither told
    nor shown it as new (it waits folded on the page)."""
    from notifications.models import Notification

    conversation = start(alice, bruno)
    Participant.objects.filter(user=bruno).update(unread_count=0, last_read_number=1)
    Notification.objects.filter(recipient=bruno).update(read_at=timezone.now())
    relations.relation_set(owner=bruno, other=alice, kind=Kind.BLOCK, on=True)
    assert permissions.send_refusal(alice, conversation) is None
    services.message_send(author=alice, conversation=conversation, body="Are you there?")
    assert conversation.messages.count() == 2
    assert Participant.objects.get(user=bruno).unread_count == 0
    assert not Notification.objects.filter(recipient=bruno, read_at__isnull=True).exists()


def test_a_message_written_while_the_page_loaded_stays_unread(alice, bruno, start):
    conversation = start(alice, bruno)
    place = Participant.objects.get(conversation=conversation, user=bruno)
    services.message_send(author=alice, conversation=conversation, body="A second one")
    # Bruno's page showed message 1 only: reading marks that much.
    services.conversation_read(user=bruno, participant=place, up_to=1)
    place.refresh_from_db()
    assert (place.last_read_number, place.unread_count) == (1, 1)


def test_a_conversation_has_at_most_the_set_number_of_members(alice, start, settings, community):
    settings.CONVERSATIONS_MAX_MEMBERS = 3
    others = [UserFactory() for _ in range(3)]
    with pytest.raises(ValidationError, match="at most 3 members"):
        start(alice, *others)


def test_a_member_who_left_gets_no_more_unread_and_cannot_write(alice, bruno, chloe, start):
    conversation = start(alice, bruno, chloe)
    place = Participant.objects.get(conversation=conversation, user=chloe)
    services.conversation_leave(user=chloe, participant=place)
    services.message_send(author=bruno, conversation=conversation, body="Still here")
    place.refresh_from_db()
    assert place.unread_count == 0 and place.left_at is not None
    with pytest.raises(PermissionDenied):
        services.message_send(author=chloe, conversation=conversation, body="Back?")


def test_an_over_long_message_is_refused_before_anything_is_written(alice, bruno, start, settings):
    conversation = start(alice, bruno)
    settings.FORUM_POST_MAX_LENGTH = 50
    with pytest.raises(ValidationError):
        services.message_send(author=bruno, conversation=conversation, body="x" * 51)
    assert Message.objects.filter(conversation=conversation).count() == 1
    conversation.refresh_from_db()
    assert conversation.message_count == 1


def test_a_message_is_rendered_by_the_forum_markup_and_cannot_run_script(alice, bruno, start):
    conversation = start(alice, bruno, body="**bold** <script>alert(1)</script> @Bruno Lantern")
    html = conversation.messages.get().body_html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert 'class="mention"' in html


def test_a_blocked_authors_mention_is_plain_text(alice, bruno, start):
    relations.relation_set(owner=bruno, other=alice, kind=Kind.BLOCK, on=True)
    chloe = UserFactory(display_name="Chloe Meadow", is_trusted=True)
    conversation = start(alice, chloe, body="Ask @Bruno Lantern about it")
    assert 'class="mention"' not in conversation.messages.get().body_html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_messages_are_all_kept_in_order_with_exact_unread_counts(community):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tests.conversations.conftest import published

    writers = [published(UserFactory(), community) for _ in range(4)]
    reader = published(UserFactory(), community)
    conversation = services.conversation_start(
        author=writers[0], recipients=[*writers[1:], reader], subject="All of us", body="Hi all"
    )

    def write(member):
        try:
            for n in range(5):
                services.message_send(author=member, conversation=conversation, body=f"{n}")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(write, writers))
    numbers = list(
        Message.objects.filter(conversation=conversation).values_list("number", flat=True)
    )
    assert numbers == list(range(1, 22))
    conversation.refresh_from_db()
    assert conversation.message_count == 21
    places = dict(
        Participant.objects.filter(conversation=conversation).values_list("user_id", "unread_count")
    )
    assert places[reader.pk] == 21
    # Their notification counts every message too (fan-outs take turns per conversation).
    from notifications.models import Notification

    assert Notification.objects.get(recipient=reader, kind="message").count == 21
    for member in writers:
        written = Message.objects.filter(conversation=conversation, author=member)
        last_own = max(written.values_list("number", flat=True))
        others_after = (
            Message.objects.filter(conversation=conversation, number__gt=last_own)
            .exclude(author=member)
            .count()
        )
        assert places[member.pk] == others_after
