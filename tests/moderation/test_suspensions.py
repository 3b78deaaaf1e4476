"""Suspensions that say what they do (issue 21, item 5): a preset whose end is shown
before it applies, never "until lifted" by accident, the member told by email and by a
banner on every page, and appeals answered with a reason."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation import actions, suspensions
from moderation.models import ModerationAction, SuspensionAppeal
from tests.moderation.test_admin_queue import admin_action, confirmed_action

MEMBERS = "/admin/accounts/user/"
APPEALS = reverse("admin:moderation_suspensionappeal_changelist")


def test_a_preset_shows_its_end_before_it_applies_and_the_member_is_told(
    client, moderator, member, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    fields = {"confirm": "yes", "length": "7d", "reason": "Repeated advertising"}
    shown = admin_action(client, MEMBERS, "suspend", [member], **fields).content.decode()
    assert "Suspended until" in shown and 'name="reviewed"' in shown
    member.refresh_from_db()
    assert not member.is_suspended  # nothing yet: the moderator confirms what they saw
    with django_capture_on_commit_callbacks(execute=True):
        confirmed_action(client, MEMBERS, "suspend", [member], **fields)
    member.refresh_from_db()
    expected = timezone.now() + timedelta(days=7)
    assert member.is_suspended and abs(member.suspended_until - expected) < timedelta(minutes=2)
    [letter] = [m for m in mail.outbox if m.to == [member.email]]
    assert "suspended" in letter.subject and "Repeated advertising" in letter.body
    assert reverse("moderation:suspension") in letter.body
    client.force_login(member)
    page = client.get("/").content.decode()
    assert "Your account is suspended until" in page and "Repeated advertising" in page
    assert reverse("moderation:suspension") in page


@pytest.mark.parametrize("until", ["", "2026-12-10", "2026-13-01T10:00"])
def test_a_missing_or_partial_date_is_an_error_never_until_lifted(client, moderator, member, until):
    client.force_login(moderator)
    response = admin_action(
        client,
        MEMBERS,
        "suspend",
        [member],
        confirm="yes",
        length="date",
        until=until,
        reason="Cooling off",
        reviewed="x",
    )
    html = response.content.decode()
    assert (
        "Give the date and time the suspension ends" in html or "Give a full date and time" in html
    )
    member.refresh_from_db()
    assert not member.is_suspended


def test_a_changed_form_is_shown_again_before_it_applies(client, moderator, member):
    client.force_login(moderator)
    admin_action(
        client,
        MEMBERS,
        "suspend",
        [member],
        confirm="yes",
        length="1d",
        reason="x",
        reviewed="Suspended until a moderator lifts it.",
    )
    member.refresh_from_db()
    assert not member.is_suspended


def suspend(moderator, member, days=3):
    return actions.member_suspend(
        moderator=moderator,
        member=member,
        until=timezone.now() + timedelta(days=days),
        reason="Heated replies",
    )


def test_a_suspended_member_appeals_and_a_moderator_lifts_it_with_an_answer(
    client, moderator, member, django_capture_on_commit_callbacks
):
    suspend(moderator, member)
    client.force_login(member)
    page = client.get(reverse("moderation:suspension")).content.decode()
    assert "Heated replies" in page and "Send my appeal" in page
    empty = client.post(reverse("moderation:suspension"), {"text": " "})
    assert empty.status_code == 400
    client.post(reverse("moderation:suspension"), {"text": "I was answering a troll."})
    appeal = SuspensionAppeal.objects.get(member=member, status="open")
    again = client.post(reverse("moderation:suspension"), {"text": "Again"})
    assert again.status_code in (200, 409)
    assert SuspensionAppeal.objects.filter(member=member).count() == 1

    client.force_login(moderator)
    home = client.get(reverse("admin:index")).content.decode()
    assert "Suspension appeals" in home
    listed = client.get(APPEALS).content.decode()
    assert "I was answering a troll." in listed
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, APPEALS, "lift", [appeal], confirm="yes", answer="Fair enough.")
    member.refresh_from_db()
    appeal.refresh_from_db()
    assert not member.is_suspended and appeal.status == "lifted"
    [letter] = [m for m in mail.outbox if m.to == [member.email]]
    assert "Your suspension is lifted" in letter.subject
    assert "Fair enough." in letter.body
    actions_logged = list(
        ModerationAction.objects.order_by("created_at", "id").values_list("action", flat=True)
    )
    assert actions_logged == ["member_suspended", "appeal_answered", "member_reinstated"]
    client.force_login(member)
    assert "Your account is suspended" not in client.get("/").content.decode()


def test_keeping_the_suspension_answers_the_member_by_email(
    client, moderator, member, django_capture_on_commit_callbacks
):
    suspend(moderator, member)
    appeal = suspensions.appeal_create(member=User.objects.get(pk=member.pk), text="Please")
    client.force_login(moderator)
    refused = admin_action(client, APPEALS, "keep", [appeal], confirm="yes", answer="")
    assert "Give an answer" in refused.content.decode()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(client, APPEALS, "keep", [appeal], confirm="yes", answer="Three warnings.")
    member.refresh_from_db()
    assert member.is_suspended
    [letter] = mail.outbox
    assert "appeal" in letter.subject and "Three warnings." in letter.body


def test_only_a_suspended_member_appeals(client, member):
    assert client.post(reverse("moderation:suspension"), {"text": "x"}).status_code == 302
    client.force_login(member)
    assert client.post(reverse("moderation:suspension"), {"text": "x"}).status_code == 403
    assert not SuspensionAppeal.objects.exists()
