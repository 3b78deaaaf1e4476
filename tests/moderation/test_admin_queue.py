import re
from datetime import timedelta
from html import unescape
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from forum import services
from moderation import actions
from moderation.models import ModerationAction, Report
from tests.factories import CommunityFactory, UserFactory

QUEUE = "/admin/moderation/reportedpost/"


def report(post, reason="spam", reporter=None):
    return actions.report_create(reporter=reporter or UserFactory(), post=post, reason=reason)


def admin_action(client, url, action, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}
    return client.post(url, data)


def confirmed_action(client, url, action, objects, **extra):
    """An action whose form shows what it will do (a suspension's end) before it applies:
    sent once, then confirmed as shown."""
    shown = admin_action(client, url, action, objects, **extra).content.decode()
    reviewed = re.search(r'name="reviewed" value="([^"]*)"', shown)
    assert reviewed, "the end of the suspension is shown before it applies"
    return admin_action(client, url, action, objects, reviewed=unescape(reviewed.group(1)), **extra)


@pytest.fixture
def replies(thread):
    return [
        services.reply_create(author=UserFactory(), thread=thread, body=f"Reply {i}")
        for i in range(3)
    ]


def test_the_queue_groups_reports_by_post_with_self_harm_first(client, moderator, replies):
    spam, worrying, other = replies
    report(spam), report(spam), report(spam, reason="abuse")
    report(worrying, reason="self_harm")
    client.force_login(moderator)
    response = client.get(QUEUE)
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [row.pk for row in rows] == [worrying.pk, spam.pk]
    html = response.content.decode()
    assert "Abuse or harassment, Spam or advertising" in html
    assert other.body not in html


def test_the_queue_query_count_does_not_grow_with_reports(
    client, moderator, thread, django_assert_max_num_queries
):
    for i in range(15):
        post = services.reply_create(author=UserFactory(), thread=thread, body=f"R{i}")
        report(post), report(post, reason="abuse")
    client.force_login(moderator)
    with django_assert_max_num_queries(14):
        assert client.get(QUEUE).status_code == 200


def test_hiding_from_the_queue_asks_for_a_reason_then_hides_and_logs(
    client, moderator, thread, replies
):
    post = replies[0]
    report(post)
    client.force_login(moderator)
    ask = admin_action(client, QUEUE, "hide_posts", [post])
    assert ask.status_code == 200 and "Hide posts" in ask.content.decode()
    post.refresh_from_db()
    assert not post.is_hidden
    done = admin_action(client, QUEUE, "hide_posts", [post], confirm="yes", reason="Spam")
    assert done.status_code == 302
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.is_hidden and thread.reply_count == 2
    assert Report.objects.get().status == "actioned"
    assert ModerationAction.objects.get(action="post_hidden").reason == "Spam"
    assert client.get(QUEUE).context["cl"].result_count == 0


def test_dismissing_reports_restores_an_automatically_hidden_post(
    client, moderator, thread, replies, settings
):
    settings.MODERATION_AUTO_HIDE_REPORTS = 2
    post = replies[0]
    report(post), report(post)
    post.refresh_from_db()
    assert post.is_hidden
    client.force_login(moderator)
    admin_action(client, QUEUE, "dismiss_reports", [post], confirm="yes", reason="Fine")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert not post.is_hidden and thread.reply_count == 3
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}


def test_suspending_an_author_from_the_queue(client, moderator, replies):
    post = replies[0]
    report(post)
    client.force_login(moderator)
    until = (timezone.now() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    confirmed_action(
        client,
        QUEUE,
        "suspend_authors",
        [post],
        confirm="yes",
        length="date",
        until=until,
        reason="Spam links",
    )
    author = User.objects.get(pk=post.author_id)
    assert author.is_suspended and author.suspension_reason == "Spam links"
    assert ModerationAction.objects.get(action="member_suspended").target_user == author


def test_a_suspension_needs_a_reason(client, moderator, member):
    client.force_login(moderator)
    response = admin_action(client, "/admin/accounts/user/", "suspend", [member], confirm="yes")
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    member.refresh_from_db()
    assert not member.is_suspended


def test_member_suspend_lift_and_trust_from_the_members_admin(client, moderator, member):
    client.force_login(moderator)
    confirmed_action(
        client,
        "/admin/accounts/user/",
        "suspend",
        [member],
        confirm="yes",
        length="indefinite",
        reason="Cooling off",
    )
    member.refresh_from_db()
    assert member.is_suspended and member.suspended_until is None
    admin_action(client, "/admin/accounts/user/", "reinstate", [member])
    admin_action(client, "/admin/accounts/user/", "trust", [member])
    member.refresh_from_db()
    assert not member.is_suspended and member.is_trusted
    assert list(
        ModerationAction.objects.order_by("created_at", "id").values_list("action", flat=True)
    ) == ["member_suspended", "member_reinstated", "member_trusted"]


def test_moderators_cannot_suspend_other_moderators(client, moderator):
    other = UserFactory(is_staff=True)
    actions.moderator_set(member=other, is_moderator=True)
    client.force_login(moderator)
    admin_action(client, "/admin/accounts/user/", "suspend", [other], confirm="yes", reason="x")
    other.refresh_from_db()
    assert not other.is_suspended


def test_discussion_actions_in_the_admin_lock_pin_move_and_hide(client, moderator, thread):
    target = CommunityFactory(name="Lupus")
    url = "/admin/forum/thread/"
    client.force_login(moderator)
    admin_action(client, url, "lock", [thread])
    admin_action(client, url, "pin", [thread])
    admin_action(client, url, "move", [thread], confirm="yes", community=target.pk)
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.community == target
    admin_action(client, url, "hide", [thread], confirm="yes", reason="Off topic")
    thread.refresh_from_db()
    target.refresh_from_db()
    assert thread.is_hidden and target.thread_count == 0
    assert ModerationAction.objects.count() == 4
    assert services.counters_rebuild() == {"threads": 0, "communities": 0}


def test_held_posts_are_approved_in_the_admin(client, moderator, thread, settings):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    held = services.reply_create(author=UserFactory(), thread=thread, body="Hello")
    client.force_login(moderator)
    url = "/admin/moderation/heldpost/"
    assert held.body in client.get(url).content.decode()
    admin_action(client, url, "approve_posts", [held])
    held.refresh_from_db()
    assert not held.is_awaiting_review


@pytest.mark.parametrize(
    "url",
    [QUEUE, "/admin/moderation/heldpost/", "/admin/forum/thread/", "/admin/moderation/report/"],
)
def test_members_cannot_reach_the_moderation_admin(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_outside_the_moderators_group_cannot_act(client, thread, replies):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(QUEUE).status_code == 403
    admin_action(client, "/admin/forum/post/", "hide", [replies[0]], confirm="yes", reason="x")
    replies[0].refresh_from_db()
    assert not replies[0].is_hidden


def test_make_moderator_command_adds_and_removes(db):
    member = UserFactory(email="Helper@Example.org")
    out = StringIO()
    call_command("make_moderator", "helper@example.org", stdout=out)
    member.refresh_from_db()
    assert member.is_moderator and "is now a moderator" in out.getvalue()
    call_command("make_moderator", "helper@example.org", "--remove", stdout=out)
    member = User.objects.get(pk=member.pk)
    assert not member.is_moderator and not member.is_staff
    assert list(ModerationAction.objects.values_list("action", flat=True).order_by("id")) == [
        "moderator_added",
        "moderator_removed",
    ]


def test_make_moderator_with_an_unknown_email_fails_clearly(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No member signs in with"):
        call_command("make_moderator", "nobody@example.org")


def test_the_log_names_automatic_actions_automatic(client, moderator, replies, settings):
    settings.MODERATION_AUTO_HIDE_REPORTS = 2
    report(replies[0]), report(replies[0])
    gone = UserFactory(display_name="Gone Moderator")
    actions.log_action(moderator=gone, action=ModerationAction.Action.POST_HIDDEN, post=replies[1])
    gone.delete()
    client.force_login(moderator)
    page = client.get("/admin/moderation/moderationaction/").content.decode()
    auto = ModerationAction.objects.get(action=ModerationAction.Action.POST_AUTO_HIDDEN)
    assert auto.is_automatic
    row = page.split(f"/moderationaction/{auto.pk}/")[1].split("</tr>")[0]
    assert "Automatic hid a post by" in row and "former member" not in row
    assert "A former member hid a post by" in page  # the moderator who left, told apart
