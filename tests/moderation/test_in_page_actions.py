import pytest
from django.urls import reverse

from forum import services
from forum.models import Post, Thread
from moderation.models import ModerationAction
from tests.factories import CommunityFactory, UserFactory


def post_action(post, action):
    return reverse("moderation:post_action", kwargs={"pk": post.pk, "action": action})


def thread_action(thread, action):
    return reverse("moderation:thread_action", kwargs={"pk": thread.pk, "action": action})


@pytest.fixture
def reply(thread, other_member):
    return services.reply_create(author=other_member, thread=thread, body="Something rude")


def test_moderators_see_the_controls_and_members_do_not(client, thread, reply, moderator, member):
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert post_action(reply, "hide") not in page and thread_action(thread, "lock") not in page
    client.force_login(moderator)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert post_action(reply, "hide") in page and thread_action(thread, "lock") in page


def test_a_get_shows_a_confirmation_and_changes_nothing(client, reply, moderator):
    client.force_login(moderator)
    response = client.get(post_action(reply, "hide"))
    assert response.status_code == 200
    assert "Hide this post?" in response.content.decode()
    reply.refresh_from_db()
    assert not reply.is_hidden
    assert not ModerationAction.objects.exists()


def test_a_moderator_hides_and_restores_a_post_each_logged(client, thread, reply, moderator):
    client.force_login(moderator)
    response = client.post(post_action(reply, "hide"), {"reason": "Rude to another member"})
    assert response.status_code == 302
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.is_hidden and thread.reply_count == 0
    entry = ModerationAction.objects.get(action="post_hidden")
    assert (entry.moderator, entry.target_post_id, entry.reason) == (
        moderator,
        reply.pk,
        "Rude to another member",
    )
    client.post(post_action(reply, "restore"))
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert not reply.is_hidden and thread.reply_count == 1
    assert ModerationAction.objects.filter(action="post_restored").count() == 1


@pytest.mark.parametrize(
    ("action", "field", "value", "logged"),
    [
        ("lock", "is_locked", True, "thread_locked"),
        ("pin", "is_pinned", True, "thread_pinned"),
        ("hide", "is_hidden", True, "thread_hidden"),
    ],
)
def test_a_moderator_locks_pins_and_hides_discussions_each_logged(
    client, thread, moderator, action, field, value, logged
):
    client.force_login(moderator)
    if action == "hide":  # it affects a member: a reason is asked for
        refused = client.post(thread_action(thread, action))
        assert refused.status_code == 400 and "Give a reason" in refused.content.decode()
    assert client.post(thread_action(thread, action), {"reason": "x"}).status_code == 302
    thread.refresh_from_db()
    assert getattr(thread, field) is value
    assert ModerationAction.objects.get(action=logged).target_thread_id == thread.pk
    undo = {"lock": "unlock", "pin": "unpin", "hide": "restore"}[action]
    client.post(thread_action(thread, undo))
    thread.refresh_from_db()
    assert getattr(thread, field) is not value


def test_a_moderator_moves_a_discussion_and_counts_follow(client, thread, moderator):
    target = CommunityFactory(name="Lupus")
    client.force_login(moderator)
    response = client.post(thread_action(thread, "move"), {"community": target.pk})
    assert response.status_code == 302
    thread.refresh_from_db()
    target.refresh_from_db()
    assert thread.community == target and target.thread_count == 1
    assert "moved from Multiple sclerosis to Lupus" in ModerationAction.objects.get().target_label


@pytest.mark.parametrize("who", ["visitor", "member", "author", "clinician", "staff_only"])
@pytest.mark.parametrize(
    "url_of",
    [
        lambda t, p: post_action(p, "hide"),
        lambda t, p: post_action(p, "dismiss"),
        lambda t, p: thread_action(t, "lock"),
        lambda t, p: thread_action(t, "pin"),
        lambda t, p: thread_action(t, "hide"),
        lambda t, p: thread_action(t, "move"),
    ],
)
def test_everyone_but_moderators_is_refused_and_nothing_changes(
    client, thread, reply, member, other_member, clinician, who, url_of
):
    users = {
        "member": member,
        "author": other_member,
        "clinician": clinician,
        "staff_only": UserFactory(is_staff=True),  # staff but not in the Moderators group
    }
    if who in users:
        client.force_login(users[who])
    response = client.post(url_of(thread, reply), {"reason": "x", "community": thread.community_id})
    if who == "visitor":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
    thread.refresh_from_db()
    reply.refresh_from_db()
    assert not (thread.is_locked or thread.is_pinned or thread.is_hidden or reply.is_hidden)
    assert not ModerationAction.objects.exists()


def test_an_unknown_action_is_404(client, thread, moderator):
    client.force_login(moderator)
    assert client.post(thread_action(thread, "explode")).status_code == 404


def test_held_posts_are_approved_from_the_discussion_page(client, thread, moderator, settings):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    held = services.reply_create(author=UserFactory(), thread=thread, body="New here!")
    client.force_login(moderator)
    assert post_action(held, "approve") in client.get(thread.get_absolute_url()).content.decode()
    client.post(post_action(held, "approve"))
    held.refresh_from_db()
    thread.refresh_from_db()
    assert not held.is_awaiting_review and thread.reply_count == 1
    assert ModerationAction.objects.filter(action="post_approved").exists()


def test_hiding_the_opening_post_hides_the_discussion(client, thread, moderator):
    client.force_login(moderator)
    client.post(post_action(Post.objects.get(thread=thread, number=1), "hide"), {"reason": "x"})
    thread.refresh_from_db()
    assert thread.is_hidden
    assert Thread.objects.visible_to(UserFactory()).filter(pk=thread.pk).count() == 0


def test_a_moderators_edit_of_someone_elses_post_is_logged(
    client, reply, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("forum:post_edit", kwargs={"pk": reply.pk}),
            {"body": "Edited for safety", "version": reply.version},
        )
    entry = ModerationAction.objects.get(action="post_edited")
    assert entry.moderator == moderator and entry.target_post_id == reply.pk
