"""Every state-changing URL, sent by every kind of requester: the expected answer, and
nothing changed whenever the answer is a refusal. GET never changes anything."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import MemberRelation, User
from conversations import services as conversation_services
from conversations.models import Message, Participant
from forum import clinician_notes, services
from forum.models import (
    ClinicianNote,
    Draft,
    InaccuracyFlag,
    Post,
    PostReaction,
    PostThanks,
    Thread,
    ThreadFollow,
)
from moderation.models import (
    ClinicianVerification,
    MessageReport,
    ModerationAction,
    Report,
    SuspensionAppeal,
    Warning,
)
from tests.factories import CommunityFactory, UserFactory

OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", "forbidden", "not found"
REQUESTERS = [
    "visitor",
    "unconfirmed",
    "member",
    "author",
    "suspended",
    "clinician",
    "staff",  # staff outside the Moderators group
    "moderator",
    "admin",
]


@pytest.fixture
def world(db, settings):
    settings.WRITE_RATE_LIMITS = {name: "" for name in settings.WRITE_RATE_LIMITS}
    community = CommunityFactory(slug="ms", name="MS")
    author = UserFactory(display_name="The Author")
    thread = services.thread_create(
        author=author, community=community, title="A question", body="Opening"
    )
    reply = services.reply_create(author=author, thread=thread, body="Author's reply")
    people = {
        "author": author,
        "member": UserFactory(display_name="Matrix Member"),
        "unconfirmed": UserFactory(verified_email=False),
        "suspended": UserFactory(),
        "clinician": UserFactory(
            role=User.Role.CLINICIAN,
            clinician_verified_at=timezone.now(),
            clinician_profession="physician",
        ),
        "staff": UserFactory(is_staff=True),
        "moderator": UserFactory(is_staff=True),
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }
    people["moderator"].groups.add(Group.objects.get(name="Moderators"))
    User.objects.filter(pk=people["suspended"].pk).update(
        suspended_at=timezone.now(),
        suspended_until=timezone.now() + timedelta(days=2),
        suspension_reason="Spam",
    )
    request = ClinicianVerification.objects.create(
        applicant=author,
        full_name="A B",
        profession="nurse",
        licence_number="X1",
        country="GB",
        place_of_practice="Here",
    )
    draft = Draft.objects.create(user=author, thread=thread, body="Half a thought")
    Thread.objects.filter(pk=thread.pk).update(wants_expert_answer=True)  # a question
    opening = thread.posts.get(number=1)
    note = clinician_notes.clinician_note_add(
        clinician=UserFactory(
            role=User.Role.CLINICIAN,
            clinician_verified_at=timezone.now(),
            clinician_profession="nurse",
        ),
        post=opening,
        body="Context",
    )
    # The note's clinician is the matrix's clinician: only they (and moderators) edit it.
    ClinicianNote.objects.filter(pk=note.pk).update(clinician=people["clinician"])
    clinician_notes.inaccuracy_flag_create(member=UserFactory(), post=opening, note="Wrong?")
    # A private conversation between the author and the member, and a reported message
    # of the author's in another one.
    conversation = conversation_services.conversation_start(
        author=author, recipients=[people["member"]], subject="Between us", body="Hello"
    )
    reported = conversation_services.conversation_start(
        author=author, recipients=[UserFactory()], subject="Elsewhere", body="Rude words"
    )
    message_report = MessageReport.objects.create(
        message=reported.messages.get(), reporter=None, reason="abuse"
    )
    return {
        "conversation": conversation,
        "message_report": message_report,
        "note": note,
        "draft": draft,
        "community": community,
        "thread": thread,
        "reply": reply,
        "people": people,
        "request": request,
    }


def snapshot(world):
    thread = Thread.objects.get(pk=world["thread"].pk)
    reply = Post.objects.get(pk=world["reply"].pk)
    return (
        Post.objects.count(),
        Thread.objects.count(),
        Report.objects.count(),
        PostThanks.objects.count(),
        PostReaction.objects.count(),
        Draft.objects.count(),
        ThreadFollow.objects.count(),
        ModerationAction.objects.count(),
        ClinicianVerification.objects.count(),
        SuspensionAppeal.objects.count(),
        Warning.objects.count(),
        tuple(InaccuracyFlag.objects.order_by("pk").values_list("status", flat=True)),
        tuple(ClinicianNote.objects.order_by("pk").values_list("body", flat=True)),
        tuple(ClinicianVerification.objects.order_by("pk").values_list("status", flat=True)),
        thread.is_locked,
        thread.is_hidden,
        thread.members_only,
        thread.expert_taken_by_id,
        thread.title,
        reply.body,
        reply.is_hidden,
        tuple(User.objects.order_by("pk").values_list("display_name", "role", "is_staff")),
        tuple(User.objects.order_by("pk").values_list("messages_from", flat=True)),
        tuple(Message.objects.order_by("pk").values_list("body", "removed_at")),
        tuple(Participant.objects.order_by("pk").values_list("left_at", flat=True)),
        tuple(MessageReport.objects.order_by("pk").values_list("status", flat=True)),
        MessageReport.objects.count(),
        MemberRelation.objects.count(),
    )


def everyone_but(outcome_for_others, **specific):
    base = {"visitor": LOGIN, **{who: outcome_for_others for who in REQUESTERS[1:]}}
    return {**base, **specific}


CASES = {
    "start a discussion": (
        lambda w: reverse("forum:thread_new", kwargs={"slug": w["community"].slug}),
        {"title": "New one here", "body": "text"},
        everyone_but(OK, unconfirmed=FORBIDDEN, suspended=FORBIDDEN),
    ),
    "reply": (
        lambda w: reverse("forum:reply", kwargs={"pk": w["thread"].pk}),
        {"body": "a reply"},
        everyone_but(OK, unconfirmed=FORBIDDEN, suspended=FORBIDDEN),
    ),
    "edit someone's reply": (
        lambda w: reverse("forum:post_edit", kwargs={"pk": w["reply"].pk}),
        {"body": "edited", "version": 1},
        everyone_but(FORBIDDEN, author=OK, moderator=OK, admin=OK),
    ),
    "report a reply": (
        lambda w: reverse("moderation:report", kwargs={"pk": w["reply"].pk}),
        {"reason": "spam"},
        everyone_but(OK, unconfirmed=FORBIDDEN, author=FORBIDDEN),
    ),
    "flag a reply as possibly inaccurate": (
        lambda w: reverse("moderation:report", kwargs={"pk": w["reply"].pk}),
        {"reason": "inaccurate", "note": "Not what my neurologist said"},
        everyone_but(OK, unconfirmed=FORBIDDEN, author=FORBIDDEN, suspended=FORBIDDEN),
    ),
    "add a clinician note to the opening post": (
        lambda w: reverse(
            "forum:clinician_note", kwargs={"pk": w["thread"].posts.get(number=1).pk}
        ),
        {"body": "A clinician's context", "sources": "https://example.org/guide"},
        everyone_but(FORBIDDEN, clinician=OK, author=FORBIDDEN),
    ),
    "answer the flags on the opening post without a note": (
        lambda w: reverse(
            "forum:inaccuracy_flags_dismiss",
            kwargs={"pk": w["thread"].posts.get(number=1).pk},
        ),
        {"reason": "A personal experience, fairly told"},
        # The clinician's own note is on this post; answering others' flags is still theirs.
        everyone_but(FORBIDDEN, clinician=OK),
    ),
    "edit the clinician's note": (
        lambda w: reverse("forum:clinician_note_edit", kwargs={"pk": w["note"].pk}),
        {"body": "Changed context"},
        everyone_but(FORBIDDEN, clinician=OK, moderator=OK, admin=OK),
    ),
    "appeal a suspension": (
        lambda w: reverse("moderation:suspension"),
        {"text": "Please think again"},
        everyone_but(FORBIDDEN, suspended=OK),
    ),
    "take the question": (
        lambda w: reverse("forum:question_take", kwargs={"pk": w["thread"].pk}),
        {},
        everyone_but(FORBIDDEN, clinician=OK),
    ),
    "release the question": (
        lambda w: reverse("forum:question_release", kwargs={"pk": w["thread"].pk}),
        {},
        everyone_but(FORBIDDEN, moderator=OK, admin=OK),
    ),
    "withdraw the author's reply": (
        lambda w: reverse("forum:post_withdraw", kwargs={"pk": w["reply"].pk}),
        {},
        everyone_but(FORBIDDEN, author=OK),
    ),
    "make the author's discussion members only": (
        lambda w: reverse("forum:thread_audience", kwargs={"pk": w["thread"].pk}),
        {"members_only": "1"},
        everyone_but(FORBIDDEN, author=OK),
    ),
    "hide a reply": (
        lambda w: reverse("moderation:post_action", kwargs={"pk": w["reply"].pk, "action": "hide"}),
        {"reason": "x"},
        everyone_but(FORBIDDEN, moderator=OK, admin=OK),
    ),
    "warn the author of a reply": (
        lambda w: reverse("moderation:post_action", kwargs={"pk": w["reply"].pk, "action": "warn"}),
        {"reason": "Please keep to the rules"},
        everyone_but(FORBIDDEN, moderator=OK, admin=OK),
    ),
    "lock the discussion": (
        lambda w: reverse(
            "moderation:thread_action", kwargs={"pk": w["thread"].pk, "action": "lock"}
        ),
        {"reason": "x"},
        everyone_but(FORBIDDEN, moderator=OK, admin=OK),
    ),
    "thank a reply": (
        lambda w: reverse("forum:thanks_create", kwargs={"pk": w["reply"].pk}),
        {},
        everyone_but(OK, unconfirmed=FORBIDDEN, suspended=FORBIDDEN, author=FORBIDDEN),
    ),
    "send support to a reply": (
        lambda w: reverse("forum:reaction_create", kwargs={"pk": w["reply"].pk, "kind": "support"}),
        {},
        everyone_but(OK, unconfirmed=FORBIDDEN, suspended=FORBIDDEN, author=FORBIDDEN),
    ),
    "delete the author's draft": (
        lambda w: reverse("forum:draft_delete", kwargs={"pk": w["draft"].pk}),
        {},
        everyone_but(NOT_FOUND, author=OK),
    ),
    "watch the discussion": (
        lambda w: reverse("forum:thread_follow_level", kwargs={"pk": w["thread"].pk}),
        {"level": "2"},
        everyone_but(OK, author=OK),
    ),
    "save a reply draft": (
        lambda w: reverse("forum:reply_draft", kwargs={"pk": w["thread"].pk}),
        {"body": "Not finished"},
        everyone_but(OK),
    ),
    "preview a reply": (
        lambda w: reverse("forum:reply_preview", kwargs={"pk": w["thread"].pk}),
        {"body": "How it looks"},
        everyone_but(OK),
    ),
    "save a reply": (
        lambda w: reverse("forum:bookmark_create", kwargs={"pk": w["reply"].pk}),
        {},
        everyone_but(OK),
    ),
    "follow the community": (
        lambda w: reverse("forum:community_follow", kwargs={"slug": w["thread"].community.slug}),
        {},
        everyone_but(OK),
    ),
    "withdraw the author's verification request": (
        lambda w: reverse("moderation:verification_withdraw", kwargs={"pk": w["request"].pk}),
        {},
        everyone_but(NOT_FOUND, author=OK),
    ),
    "change one's settings": (
        lambda w: reverse("forum:settings"),
        {"display_name": "Fresh Name", "bio": "", "profile_is_public": "on"},
        everyone_but(OK),
    ),
    "start a private conversation with the member": (
        lambda w: reverse("conversations:new"),
        {"to": "Matrix Member", "subject": "A question for you", "body": "Hello"},
        # Members with no published post yet may not start one (the member has none).
        everyone_but(FORBIDDEN, author=OK, clinician=OK, moderator=OK, admin=OK, staff=FORBIDDEN),
    ),
    "write in the author's private conversation": (
        lambda w: reverse("conversations:send", kwargs={"pk": w["conversation"].pk}),
        {"body": "Are you there?"},
        everyone_but(NOT_FOUND, author=OK, member=OK),
    ),
    "leave the author's private conversation": (
        lambda w: reverse("conversations:leave", kwargs={"pk": w["conversation"].pk}),
        {},
        everyone_but(NOT_FOUND, author=OK, member=OK),
    ),
    "report the author's private message": (
        lambda w: reverse(
            "moderation:message_report", kwargs={"pk": w["conversation"].pk, "number": 1}
        ),
        {"reason": "abuse"},
        everyone_but(NOT_FOUND, member=OK),
    ),
    "remove a reported private message": (
        lambda w: reverse(
            "moderation:message_decide",
            kwargs={"pk": w["message_report"].pk, "decision": "remove"},
        ),
        {"reason": "Abusive"},
        everyone_but(NOT_FOUND, moderator=OK, admin=OK),
    ),
    "block the author": (
        lambda w: reverse(
            "accounts:relation", kwargs={"pk": w["people"]["author"].pk, "kind": "block"}
        ),
        {"on": "1"},
        everyone_but(OK, author=NOT_FOUND),
    ),
    "choose who may send private messages": (
        lambda w: reverse("accounts:people"),
        {"messages_from": "nobody"},
        everyone_but(OK),
    ),
    "mark all notifications read": (
        lambda w: reverse("notifications:read_all"),
        {},
        everyone_but(OK),
    ),
    "ask to be verified": (
        lambda w: reverse("moderation:verification"),
        {
            "full_name": "A B",
            "profession": "nurse",
            "specialty": "",
            "licence_number": "1",
            "country": "GB",
            "place_of_practice": "Here",
            "note": "",
        },
        everyone_but(OK, unconfirmed=OK, suspended=OK, clinician=FORBIDDEN, author=FORBIDDEN),
    ),
}


def outcome(response) -> str:
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (403, 429):
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code in (200, 302):
        return OK
    return f"status {response.status_code}"


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("who", REQUESTERS)
def test_each_write_answers_each_requester_as_expected(client, world, case, who):
    url_of, data, expected = CASES[case]
    if who != "visitor":
        client.force_login(world["people"][who])
    before = snapshot(world)
    response = client.post(url_of(world), data)
    assert outcome(response) == expected[who], response.content.decode()[:300]
    if expected[who] != OK:
        assert snapshot(world) == before


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("who", ["visitor", "member", "moderator"])
def test_a_get_to_any_write_url_changes_nothing(client, world, case, who):
    url_of, data, _ = CASES[case]
    if who != "visitor":
        client.force_login(world["people"][who])
    before = snapshot(world)
    client.get(url_of(world), data)
    assert snapshot(world) == before


def test_privacy_actions_need_a_post_and_a_sign_in(client, world):
    member = world["people"]["member"]
    for name in ("accounts:erase", "accounts:consent_withdraw", "accounts:export"):
        response = client.post(reverse(name))
        assert outcome(response) == LOGIN
    client.force_login(member)
    client.get(reverse("accounts:consent_withdraw"))
    client.get(reverse("accounts:erase"), {"posts": "delete", "password": "x"})
    assert User.objects.filter(pk=member.pk).exists()
    assert not member.consents.filter(withdrawn_at__isnull=False).exists()
