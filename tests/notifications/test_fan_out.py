"""Fan-out at scale, a broken queue, and the member's rights over their data."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from kombu.exceptions import OperationalError

from accounts import names
from accounts import services as account_services
from accounts.models import User
from forum import reactions, services
from forum.models import Post, PostThanks, PostThanksCount, ThreadFollow
from notifications import services as notification_services
from notifications import tasks
from notifications.models import EmailChoice, Notification, NotificationPreference
from tests.factories import UserFactory
from tests.notifications.support import choose


def many_members(count: int, prefix: str) -> list[User]:
    """Members made in bulk (the factory would take a query or five each)."""
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{i}@example.org",
                display_name=f"{prefix}{i}",
                display_name_key=names.uniqueness_key(f"{prefix}{i}"),
            )
            for i in range(count)
        ]
    )
    users = list(User.objects.filter(email__startswith=prefix).order_by("pk"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    return users


def test_a_reply_to_500_followers_runs_a_bounded_number_of_queries(
    committed, discussion, member, django_assert_max_num_queries
):
    followers = many_members(500, "follower")
    ThreadFollow.objects.bulk_create([ThreadFollow(user=u, thread=discussion) for u in followers])
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=u, kind="reply", email="immediate") for u in followers[:250]]
    )
    author = UserFactory()
    mentioned = followers[300]
    # The reply (and its author's draft deleted), its fan-out to 501 members (the
    # followers and the discussion's author) and 251 emails sent right away, in a fixed
    # number of queries (on SQLite, whose 999 variables a statement allow, the inserts
    # go in a few batches more than on PostgreSQL).
    with django_assert_max_num_queries(22):
        with committed():
            reply = services.reply_create(
                author=author,
                thread=discussion,
                body=f"Good news, @{mentioned.display_name}",
            )
    assert Notification.objects.filter(post=reply).count() == 501
    assert Notification.objects.get(recipient=mentioned).kind == "mention"
    assert len(mail.outbox) == 251  # 250 chose replies right away; mentions by default
    assert len({email.to[0] for email in mail.outbox}) == 251
    assert not Notification.objects.filter(post=reply, email="immediate", emailed_at=None).exists()


def test_a_queue_that_is_down_never_loses_the_reply(
    client, committed, discussion, follower, monkeypatch, caplog
):
    def broker_down(**kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.notify_post_created, "delay", broker_down)
    client.force_login(follower)
    with committed():
        response = client.post(
            reverse("forum:reply", kwargs={"pk": discussion.pk}),
            {"body": "Still here."},
        )
    assert response.status_code == 302
    assert Post.objects.filter(thread=discussion, body="Still here.").exists()
    assert "Could not queue or run the task" in caplog.text


def test_a_bug_in_a_task_is_raised_not_swallowed(committed, discussion, follower, monkeypatch):
    def broken(**kwargs):
        raise TypeError("a bug in the fan-out")

    monkeypatch.setattr(notification_services, "post_created_notify", broken)
    with pytest.raises(TypeError, match="a bug in the fan-out"), committed():
        services.reply_create(author=follower, thread=discussion, body="Hello there.")


def test_the_export_holds_the_members_notifications_follows_thanks_and_choices(
    client, committed, discussion, member, follower
):
    opening = discussion.posts.get(number=1)
    with committed():
        services.reply_create(author=follower, thread=discussion, body="Hello @karm!nR")
    choose(member, thanks="never")
    with committed():
        reactions.thanks_create(user=follower, post=opening)
    data = account_services.member_export(user=member)
    assert [n["kind"] for n in data["notifications"]] == [
        "Someone mentions you",
        "Thanks for your posts",
    ]
    assert data["notifications"][0]["url"].startswith("http://127.0.0.1:8000/posts/")
    assert data["discussions_followed"][0]["discussion"] == discussion.title
    assert data["notification_email_choices"] == {"Thanks for your posts": "Never"}
    theirs = account_services.member_export(user=follower)
    assert theirs["thanks_given"][0]["discussion"] == discussion.title
    assert json.dumps(theirs)  # plain data, ready for the download


@pytest.mark.parametrize("delete_posts", [False, True])
def test_erasure_leaves_nothing_of_the_members_and_keeps_counts_exact(
    committed, discussion, member, follower, delete_posts
):
    opening = discussion.posts.get(number=1)
    with committed():
        theirs = services.reply_create(author=follower, thread=discussion, body="@karm!nR hi")
        reactions.thanks_create(user=follower, post=opening)
        reactions.thanks_create(user=member, post=theirs)
    choose(follower, reply="daily")
    assert Notification.objects.filter(recipient=follower).exists()  # the thanks
    account_services.member_erase(user=follower, delete_posts=delete_posts)
    for model, field in [
        (Notification, "recipient_id"),
        (ThreadFollow, "user_id"),
        (PostThanks, "user_id"),
        (NotificationPreference, "user_id"),
    ]:
        assert not model.objects.filter(**{field: follower.pk}).exists()
    assert PostThanksCount.objects.get(post=opening).thanks_count == 0
    # The discussion's author keeps their notifications, by "a former member" now.
    mention = Notification.objects.filter(recipient=member, kind="mention").first()
    if delete_posts:
        assert mention is None  # the post went, and its notifications with it
    else:
        assert mention.actor is None and mention.summary().startswith("A former member")
    assert reactions.thanks_counts_rebuild() == 0


def test_a_members_email_choices_page_lists_what_they_follow(client, discussion, member):
    client.force_login(member)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert discussion.title in page
    assert reverse("forum:thread_unfollow", kwargs={"pk": discussion.pk}) in page


def test_defaults_apply_until_a_member_chooses(member):
    choices = notification_services.email_choices(member)
    assert choices["mention"] == EmailChoice.IMMEDIATE
    assert choices["reply"] == EmailChoice.DAILY
    assert "verification" not in choices
