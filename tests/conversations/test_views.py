"""The private-message pages through HTTP: the acceptance journey, the 404s for anyone
outside a conversation, the refusals with the text kept, and the query budgets."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import MemberRelation
from conversations.models import Message, Participant
from tests.factories import UserFactory


def test_a_member_writes_from_a_profile_and_the_other_reads_and_answers(
    client, alice, bruno, chloe, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    profile = client.get(bruno.get_absolute_url())
    new_url = reverse("conversations:new") + f"?to={bruno.pk}"
    assert new_url in profile.content.decode()
    form = client.get(new_url)
    assert 'value="Bruno Lantern"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            new_url,
            {"to": "Bruno Lantern", "subject": "Telling my employer", "body": "My secret words"},
        )
    assert sent.status_code == 302
    url = sent.url
    # Bruno is told: a count in the navigation, an email without the words.
    assert [message.to for message in mail.outbox] == [[bruno.email]]
    email = mail.outbox[0]
    assert "My secret words" not in email.body and "Telling my employer" not in email.body
    assert "Alice Harbour" in email.body
    client.force_login(bruno)
    home = client.get("/")
    assert 'href="/messages/">Messages <span class="badge' in home.content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "My secret words" in page.content.decode()
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert 'href="/messages/">Messages <span' not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url + "send/", {"body": "I told HR first."})
    assert answer.status_code == 302
    assert list(Message.objects.values_list("author__display_name", flat=True)) == [
        "Alice Harbour",
        "Bruno Lantern",
    ]
    # Chloe is not in it: the conversation does not exist for her.
    client.force_login(chloe)
    assert client.get(url).status_code == 404


@pytest.fixture
def conversation(alice, bruno, start):
    return start(alice, bruno, subject="Telling my employer", body="Words for Bruno only")


def outsiders(db):
    from django.contrib.auth.models import Group

    moderator = UserFactory(is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return {
        "a visitor": None,
        "another member": UserFactory(),
        "a moderator without a report": moderator,
        "a superuser": UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.mark.parametrize(
    "who", ["a visitor", "another member", "a moderator without a report", "a superuser"]
)
@pytest.mark.parametrize(
    "address",
    [
        lambda c: reverse("conversations:conversation", args=[c.pk]),
        lambda c: reverse("conversations:send", args=[c.pk]),
        lambda c: reverse("conversations:leave", args=[c.pk]),
        lambda c: reverse("moderation:message_report", args=[c.pk, 1]),
    ],
    ids=["conversation", "send", "leave", "report"],
)
def test_every_address_of_a_conversation_is_404_to_anyone_outside_it(
    client, conversation, who, address, db
):
    reader = outsiders(db)[who]
    if reader is not None:
        client.force_login(reader)
    url = address(conversation)
    for response in (client.get(url), client.post(url, {"body": "Let me in"})):
        if reader is None and response.status_code == 302:
            assert "/accounts/login/" in response.url  # sign in first, then 404
            continue
        assert response.status_code == 404
        assert b"Words for Bruno only" not in response.content
    assert Message.objects.count() == 1


def test_the_admin_shows_no_conversation_nor_message(client, conversation, db):
    from django.contrib import admin

    from conversations.models import Conversation

    assert not admin.site.is_registered(Conversation)
    assert not admin.site.is_registered(Message)
    assert not admin.site.is_registered(Participant)


def test_a_refused_message_keeps_what_was_typed(client, alice, conversation):
    from django.utils import timezone

    client.force_login(alice)
    type(alice).objects.filter(pk=alice.pk).update(suspended_at=timezone.now())
    refused = client.post(
        reverse("conversations:send", args=[conversation.pk]), {"body": "Please answer"}
    )
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "suspended" in page and "Please answer" in page
    assert Message.objects.count() == 1


def test_a_blocked_member_sees_nothing_of_the_block(client, alice, bruno, conversation):
    MemberRelation.objects.create(owner=bruno, other=alice, kind=MemberRelation.Kind.BLOCK)
    client.force_login(alice)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "blocked" not in page.lower() and 'name="body"' in page
    sent = client.post(reverse("conversations:send", args=[conversation.pk]), {"body": "Hi?"})
    assert sent.status_code == 302
    client.force_login(bruno)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "You blocked this member. Show the message" in page


@pytest.mark.parametrize("to", ["²", "9" * 5000, "-1", "abc"])
def test_an_odd_recipient_in_the_address_is_ignored(client, alice, to):
    client.force_login(alice)
    response = client.get(reverse("conversations:new"), {"to": to})
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["²", "٣", "0", "99999999"])
def test_an_odd_page_number_is_a_404(client, alice, conversation, page):
    client.force_login(alice)
    assert client.get(reverse("conversations:inbox"), {"page": page}).status_code == 404
    assert client.get(conversation.get_absolute_url(), {"page": page}).status_code == 404


def test_leaving_reads_the_conversations_notification(
    client, bruno, conversation, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    client.force_login(bruno)
    assert Notification.objects.filter(recipient=bruno, read_at__isnull=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conversations:leave", args=[conversation.pk]))
    assert not Notification.objects.filter(recipient=bruno, read_at__isnull=True).exists()


def test_an_empty_message_is_a_400_with_the_reason(client, bruno, conversation):
    client.force_login(bruno)
    refused = client.post(reverse("conversations:send", args=[conversation.pk]), {"body": "  "})
    assert refused.status_code == 400
    assert "Please write something before sending." in refused.content.decode()


def test_the_new_conversation_form_says_at_once_who_does_not_accept_messages(client, alice, bruno):
    MemberRelation.objects.create(owner=bruno, other=alice, kind=MemberRelation.Kind.BLOCK)
    client.force_login(alice)
    page = client.get(reverse("conversations:new") + f"?to={bruno.pk}")
    assert "Bruno Lantern does not accept messages." in page.content.decode()
    sent = client.post(
        reverse("conversations:new"),
        {"to": "Bruno Lantern", "subject": "Hello there", "body": "Kept words"},
    )
    assert sent.status_code == 400
    assert "Kept words" in sent.content.decode()
    assert "does not accept messages" in sent.content.decode()


def test_unknown_names_are_named_in_the_error(client, alice):
    client.force_login(alice)
    sent = client.post(
        reverse("conversations:new"),
        {"to": "Nobody Here", "subject": "Hello there", "body": "Kept words"},
    )
    assert sent.status_code == 400
    assert "No member is called Nobody Here." in sent.content.decode()


def test_starting_conversations_is_rate_limited(client, alice, bruno, settings):
    settings.WRITE_RATE_LIMITS = {**settings.WRITE_RATE_LIMITS, "conversation": "1/3600/user"}
    client.force_login(alice)
    data = {"to": "Bruno Lantern", "subject": "Hello there", "body": "Hi"}
    assert client.post(reverse("conversations:new"), data).status_code == 302
    refused = client.post(reverse("conversations:new"), data)
    assert refused.status_code == 429
    assert "Please slow down" in refused.content.decode()


def test_leaving_takes_it_out_of_the_inbox(client, bruno, conversation):
    client.force_login(bruno)
    assert "Telling my employer" in client.get(reverse("conversations:inbox")).content.decode()
    confirm = client.get(reverse("conversations:leave", args=[conversation.pk]))
    assert confirm.status_code == 200
    client.post(reverse("conversations:leave", args=[conversation.pk]))
    assert "Telling my employer" not in client.get(reverse("conversations:inbox")).content.decode()
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_a_clinician_in_a_conversation_brings_the_notice_that_it_is_not_a_consultation(
    client, alice, clinician, start
):
    conversation = start(alice, clinician)
    client.force_login(alice)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "not a consultation" in page


def test_the_inbox_runs_the_same_queries_for_many_conversations(
    client, alice, start, django_assert_max_num_queries
):
    def count(n):
        for _ in range(n):
            start(alice, UserFactory(), UserFactory())
        client.force_login(alice)
        client.get(reverse("conversations:inbox"))  # the unread count is cached from now
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("conversations:inbox")).status_code == 200
        return len(queries)

    few = count(2)
    many = count(15)
    assert few == many
    with django_assert_max_num_queries(many):
        client.get(reverse("conversations:inbox"))


def test_a_conversation_page_runs_the_same_queries_however_long(
    client, alice, bruno, conversation, django_assert_max_num_queries
):
    from conversations import services

    client.force_login(bruno)
    client.get(conversation.get_absolute_url())
    for n in range(40):
        services.message_send(author=alice, conversation=conversation, body=f"Message {n}")
    # The last page reads the conversation too (under its lock, notifications with it).
    with django_assert_max_num_queries(18):
        assert client.get(conversation.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(conversation.get_absolute_url() + "?page=1").status_code == 200
