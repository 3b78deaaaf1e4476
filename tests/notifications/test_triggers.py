"""What makes a notification, for whom, and what never does."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import reactions, services
from forum.models import CommunityFollow, Post, ThreadFollow
from moderation import actions
from moderation import services as moderation_services
from notifications import services as notification_services
from notifications.models import Notification
from tests.factories import ClinicianVerificationFactory, UserFactory
from tests.notifications.support import kinds_for

Kind = Notification.Kind


def test_starting_and_replying_to_a_discussion_follows_it(committed, discussion, member, follower):
    assert ThreadFollow.objects.filter(user=member, thread=discussion).exists()
    with committed():
        services.reply_create(author=follower, thread=discussion, body="Me too.")
    assert ThreadFollow.objects.filter(user=follower, thread=discussion).exists()


def test_a_reply_notifies_the_followers_of_the_discussion(
    committed, discussion, member, follower, other_member
):
    ThreadFollow.objects.create(user=follower, thread=discussion)
    with committed():
        reply = services.reply_create(author=other_member, thread=discussion, body="Yes.")
    for recipient in (member, follower):
        notification = Notification.objects.get(recipient=recipient)
        assert (notification.kind, notification.post, notification.actor) == (
            Kind.REPLY,
            reply,
            other_member,
        )
        assert notification.summary() == (
            "MapleRunner replied in “Gene therapy for autoimmune disease?”"
        )
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_a_notification_links_to_the_exact_page_and_post(
    client, committed, discussion, follower, settings
):
    settings.FORUM_REPLIES_PER_PAGE = 2
    with committed():
        for i in range(3):
            last = services.reply_create(author=follower, thread=discussion, body=f"Reply {i}")
    notification = Notification.objects.filter(post=last).get()
    assert notification.get_absolute_url() == reverse("forum:post", args=[last.pk])
    client.force_login(notification.recipient)
    page_url = client.get(notification.get_absolute_url())["Location"]
    assert page_url == last.get_absolute_url()
    assert page_url.endswith("?page=2#post-4")


def test_an_at_mention_notifies_the_member_mentioned(committed, discussion, member, follower):
    with committed():
        reply = services.reply_create(
            author=member, thread=discussion, body="@Willow Ash have you tried it?"
        )
    notification = Notification.objects.get(recipient=follower)
    assert (notification.kind, notification.post) == (Kind.MENTION, reply)
    assert "karm!nR mentioned you in" in notification.summary()


def test_a_member_who_follows_and_is_mentioned_hears_once(
    committed, discussion, follower, other_member
):
    ThreadFollow.objects.create(user=follower, thread=discussion)
    with committed():
        services.reply_create(
            author=other_member,
            thread=discussion,
            body="As @Willow Ash said, rest helps.",
        )
    assert kinds_for(follower) == [Kind.MENTION]


def test_an_expert_answer_notifies_the_discussions_author_once(
    committed, discussion, member, clinician
):
    with committed():
        answer = services.reply_create(
            author=clinician,
            thread=discussion,
            body="@karm!nR trials are under way; ask your neurologist.",
            expert=True,
        )
    assert kinds_for(member) == [Kind.EXPERT_ANSWER]
    notification = Notification.objects.get(recipient=member)
    assert notification.post == answer
    assert "posted an expert answer in your discussion" in notification.summary()


def test_a_new_discussion_notifies_the_members_following_its_community(
    committed, community, member, follower, other_member
):
    CommunityFollow.objects.create(user=follower, community=community)
    CommunityFollow.objects.create(user=member, community=community)
    with committed():
        thread = services.thread_create(
            author=member,
            community=community,
            title="Cooling vests",
            body="Do they help?",
        )
    notification = Notification.objects.get(recipient=follower)
    assert (notification.kind, notification.post.thread) == (Kind.NEW_THREAD, thread)
    assert notification.summary() == "karm!nR started “Cooling vests” in Multiple sclerosis"
    assert not Notification.objects.filter(recipient__in=[member, other_member]).exists()


def test_ones_own_post_notifies_nobody_of_it_but_others(committed, discussion, member):
    with committed():
        services.reply_create(author=member, thread=discussion, body="Update: @karm!nR here.")
    assert not Notification.objects.exists()


def test_a_suspended_member_is_not_notified_until_the_suspension_ends(
    committed, discussion, follower, other_member
):
    ThreadFollow.objects.create(user=follower, thread=discussion)
    User.objects.filter(pk=follower.pk).update(
        suspended_at=timezone.now(), suspended_until=timezone.now() + timedelta(days=3)
    )
    with committed():
        services.reply_create(author=other_member, thread=discussion, body="First.")
    assert not Notification.objects.filter(recipient=follower).exists()
    User.objects.filter(pk=follower.pk).update(suspended_until=timezone.now())
    with committed():
        services.reply_create(author=other_member, thread=discussion, body="Second.")
    assert kinds_for(follower) == [Kind.REPLY]


def test_a_held_post_notifies_nobody_until_a_moderator_approves_it(
    committed, discussion, member, moderator, settings
):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    newcomer = UserFactory(display_name="New Leaf")
    with committed():
        held = services.reply_create(author=newcomer, thread=discussion, body="Hi @karm!nR")
    assert held.is_awaiting_review
    assert not Notification.objects.exists()
    with committed():
        actions.held_post_decide(moderator=moderator, post=held, approve=True)
    assert kinds_for(member) == [Kind.MENTION]


def test_a_mention_added_by_an_edit_notifies_once(committed, discussion, member, follower):
    with committed():
        reply = services.reply_create(author=member, thread=discussion, body="Any ideas?")
    assert not Notification.objects.filter(recipient=follower).exists()
    for body in ("Any ideas, @Willow Ash?", "Any new ideas, @Willow Ash?"):
        with committed():
            services.post_edit(editor=member, post=reply, body=body)
    assert kinds_for(follower) == [Kind.MENTION]


def test_a_thanks_notifies_the_author_once_even_if_given_again(
    committed, discussion, member, follower
):
    opening = discussion.posts.get(number=1)
    with committed():
        reactions.thanks_create(user=follower, post=opening)
    with committed():
        reactions.thanks_delete(user=follower, post=opening)
        reactions.thanks_create(user=follower, post=opening)
    notification = Notification.objects.get(recipient=member)
    assert (notification.kind, notification.actor) == (Kind.THANKS, follower)
    assert "Willow Ash thanked you for your post" in notification.summary()


@pytest.fixture
def reported(committed, discussion, follower, other_member):
    with committed():
        reply = services.reply_create(author=follower, thread=discussion, body="Buy my pills")
    actions.report_create(reporter=other_member, post=reply, reason="spam")
    Notification.objects.all().delete()
    return reply


def test_hiding_a_reported_post_tells_its_author_and_the_reporter(
    committed, reported, follower, other_member, moderator
):
    with committed():
        actions.post_hide(moderator=moderator, post=reported, reason="Advertising")
    hidden = Notification.objects.get(recipient=follower)
    assert (hidden.kind, hidden.post, hidden.actor) == (
        Kind.POST_HIDDEN,
        reported,
        None,
    )
    assert hidden.summary().startswith("A moderator removed your post in")
    outcome = Notification.objects.get(recipient=other_member)
    assert (outcome.kind, outcome.outcome) == (Kind.REPORT_OUTCOME, "actioned")
    assert not Notification.objects.filter(recipient=moderator).exists()


def test_dismissed_reports_tell_the_reporter_and_not_the_author(
    committed, reported, follower, other_member, moderator
):
    with committed():
        actions.reports_dismiss(moderator=moderator, post=reported)
    outcome = Notification.objects.get(recipient=other_member)
    assert (outcome.kind, outcome.outcome) == (Kind.REPORT_OUTCOME, "dismissed")
    assert "left it in place" in outcome.summary()
    assert not Notification.objects.filter(recipient=follower).exists()


@pytest.mark.parametrize("approve", [True, False])
def test_a_clinician_request_decision_is_notified_in_the_app(committed, member, moderator, approve):
    verification = ClinicianVerificationFactory(applicant=member)
    with committed():
        if approve:
            moderation_services.verification_approve(moderator=moderator, verification=verification)
        else:
            moderation_services.verification_reject(
                moderator=moderator,
                verification=verification,
                reason="Not on the register.",
            )
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == Kind.VERIFICATION
    assert notification.outcome == ("approved" if approve else "rejected")
    assert notification.get_absolute_url() == "/clinicians/verify/"
    # Moderation emails the decision itself: this notification adds no second email.
    assert notification.email == "never"


def test_a_fan_out_run_twice_notifies_once(committed, discussion, member, follower):
    with committed():
        reply = services.reply_create(author=follower, thread=discussion, body="Hello @karm!nR")
    notification_services.post_created_notify(post_id=reply.pk, mentioned=[member.pk])
    assert kinds_for(member) == [Kind.MENTION]


def test_a_post_hidden_before_its_fan_out_runs_notifies_nobody(discussion, follower, member):
    reply = services.reply_create(author=follower, thread=discussion, body="Hello")
    Post.objects.filter(pk=reply.pk).update(is_hidden=True)
    delivery = notification_services.post_created_notify(post_id=reply.pk, mentioned=[])
    assert delivery.rows == 0 and delivery.email_post_id is None
    assert not Notification.objects.filter(recipient=member).exists()
