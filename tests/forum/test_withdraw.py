"""Withdrawing a post: a reply leaves "withdrawn by its author" in place; an opening post
others answered keeps its discussion with the text replaced; a discussion nobody else
answered goes. Counters stay exact, notifications and feeds drop it, moderators read the
text until `erase_withdrawn` erases it (not while a report is open), and the log has it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Community, Post, PostRevision, Thread
from moderation import actions
from moderation.models import ModerationAction, Report
from notifications.models import Notification
from tests.factories import UserFactory, make_thread

WITHDRAWN = "This post was withdrawn by its author."


def withdraw_url(post) -> str:
    return reverse("forum:post_withdraw", args=[post.pk])


def page(client, thread) -> str:
    return client.get(Thread.objects.get(pk=thread.pk).get_absolute_url()).content.decode()


@pytest.fixture
def reply(thread, other_member):
    return services.reply_create(
        author=other_member, thread=thread, body="My neighbour's name is Jo Bloggs at No 4"
    )


def test_a_withdrawn_reply_reads_withdrawn_in_place_and_stops_counting(
    client, thread, reply, other_member, member, django_capture_on_commit_callbacks
):
    later = services.reply_create(author=member, thread=thread, body="Thanks for sharing")
    client.force_login(other_member)
    confirm = client.get(withdraw_url(reply)).content.decode()
    assert "Withdraw your reply" in confirm and 'method="post"' in confirm
    assert Post.objects.get(pk=reply.pk).withdrawn_at is None  # a GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url(reply))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{reply.number}")
    thread.refresh_from_db()
    assert thread.reply_count == 1  # only the later reply counts now
    assert thread.last_activity_at == later.created_at
    for reader in (member, UserFactory(), None):
        client.logout() if reader is None else client.force_login(reader)
        html = page(client, thread)
        assert WITHDRAWN in html and "Jo Bloggs" not in html
        assert html.index(f'id="post-{reply.number}"') < html.index("Thanks for sharing")
    ModerationAction.objects.get(action="post_withdrawn", moderator=other_member)


def test_only_the_author_withdraws_and_only_once(client, thread, reply, member, moderator):
    for someone in (member, moderator):
        client.force_login(someone)
        assert client.post(withdraw_url(reply)).status_code == 403
    assert Post.objects.get(pk=reply.pk).withdrawn_at is None
    client.force_login(reply.author)
    client.post(withdraw_url(reply))
    # Now it is gone for its author too: no text, no second withdrawal, no edit.
    assert client.post(withdraw_url(reply)).status_code == 404
    assert client.get(reverse("forum:post_edit", args=[reply.pk])).status_code == 404
    assert client.get(reverse("forum:post_quote", args=[reply.pk])).status_code == 404
    client.logout()
    response = client.post(withdraw_url(reply))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_footer_offers_withdraw_to_the_author_alone(client, thread, reply, member):
    link = f'href="{withdraw_url(reply)}"'
    client.force_login(reply.author)
    assert link in page(client, thread)
    client.force_login(member)
    assert link not in page(client, thread)


def test_an_opening_post_others_answered_keeps_its_discussion(
    client, community, thread, reply, member
):
    opening = thread.posts.get(number=1)
    client.force_login(member)
    assert "the discussion stays" in client.get(withdraw_url(opening)).content.decode()
    client.post(withdraw_url(opening))
    thread.refresh_from_db()
    assert not thread.is_hidden and thread.reply_count == 1
    assert Community.objects.get(pk=community.pk).thread_count == 1
    client.force_login(reply.author)
    html = page(client, thread)
    assert WITHDRAWN in html and "Is there research on gene therapy" not in html
    assert "Jo Bloggs" in html  # the others' replies stay
    feed = client.get(reverse("forum:community_feed", args=[community.slug])).content.decode()
    assert "Is there research on gene therapy" not in feed


def test_a_discussion_nobody_else_answered_disappears(
    client, community, thread, member, other_member, django_capture_on_commit_callbacks
):
    own = services.reply_create(author=member, thread=thread, body="An update of mine")
    services.thread_create(author=other_member, community=community, title="Other", body="x")
    opening = thread.posts.get(number=1)
    client.force_login(member)
    assert "takes the whole discussion away" in client.get(withdraw_url(opening)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url(opening))
    assert response["Location"] == community.get_absolute_url()
    assert Community.objects.get(pk=community.pk).thread_count == 1
    assert set(
        Post.objects.filter(thread=thread).values_list("withdrawn_at", flat=True)
    ).isdisjoint({None})  # the author's own reply went with it
    assert Post.objects.get(pk=own.pk).is_hidden
    for reader in (member, other_member, None):
        client.logout() if reader is None else client.force_login(reader)
        assert client.get(thread.get_absolute_url()).status_code == 404
        assert "Gene therapy" not in client.get(community.get_absolute_url()).content.decode()
    ModerationAction.objects.get(action="thread_withdrawn", target_thread_id=thread.pk)


def test_notifications_about_a_withdrawn_post_go(
    client, thread, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_create(author=other_member, thread=thread, body="Hello @karm!nR")
    assert Notification.objects.filter(recipient=member, post=reply).exists()
    client.force_login(member)
    assert "MapleRunner" in client.get(reverse("notifications:list")).content.decode()
    client.force_login(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(withdraw_url(reply))
    assert not Notification.objects.filter(post=reply).exists()
    client.force_login(member)
    assert "MapleRunner" not in client.get(reverse("notifications:list")).content.decode()


def test_moderators_read_the_text_and_cannot_restore_it(client, thread, reply, moderator):
    client.force_login(reply.author)
    client.post(withdraw_url(reply))
    client.force_login(moderator)
    html = page(client, thread)
    assert "Jo Bloggs" in html and "Withdrawn by its author on" in html
    restore = reverse("moderation:post_action", args=[reply.pk, "restore"])
    assert f'href="{restore}"' not in html
    assert client.post(restore, {"reason": "x"}).status_code == 403
    assert Post.objects.get(pk=reply.pk).is_hidden


def test_a_withdrawn_discussion_is_not_restored_by_a_moderator(client, thread, member, moderator):
    client.force_login(member)
    client.post(withdraw_url(thread.posts.get(number=1)))
    client.force_login(moderator)
    html = page(client, thread)
    assert "Withdrawn by its author" in html and "Restore the discussion" not in html
    url = reverse("moderation:thread_action", args=[thread.pk, "restore"])
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert Thread.objects.get(pk=thread.pk).is_hidden


def test_history_of_a_withdrawn_post_is_for_moderators_only(client, thread, reply, moderator):
    services.post_edit(editor=reply.author, post=reply, body="A second thought")
    client.force_login(reply.author)
    client.post(withdraw_url(reply))
    history = reverse("forum:post_history", args=[reply.pk])
    assert client.get(history).status_code == 404
    client.force_login(moderator)
    assert "Jo Bloggs" in client.get(history).content.decode()


def test_a_report_cannot_be_dodged_by_withdrawing(thread, reply, member, moderator, settings):
    actions.report_create(reporter=member, post=reply, reason=Report.Reason.ABUSE)
    services.post_edit(editor=reply.author, post=reply, body="Edited away")
    from forum import withdrawal

    withdrawal.post_withdraw(author=reply.author, post=reply)
    long_ago = timezone.now() - timedelta(days=settings.FORUM_WITHDRAWN_KEEP_DAYS + 1)
    Post.objects.filter(pk=reply.pk).update(withdrawn_at=long_ago)
    call_command("erase_withdrawn", stdout=StringIO())
    assert Post.objects.get(pk=reply.pk).body == "Edited away"  # held by the open report
    actions.reports_dismiss(moderator=moderator, post=Post.objects.get(pk=reply.pk))
    assert Post.objects.get(pk=reply.pk).is_hidden  # dismissing does not bring it back
    out = StringIO()
    call_command("erase_withdrawn", stdout=out)
    assert "Erased the text of 1 withdrawn post" in out.getvalue()
    erased = Post.objects.get(pk=reply.pk)
    assert erased.body == erased.body_html == ""
    assert not PostRevision.objects.filter(post=reply).exists()
    assert Report.objects.get().text_as_reported == ""
    ModerationAction.objects.get(action="withdrawn_erased", target_post_id=reply.pk)


def test_erasure_waits_for_the_keep_days_and_moderators_then_see_no_text(
    client, thread, reply, moderator, settings
):
    from forum import withdrawal

    withdrawal.post_withdraw(author=reply.author, post=reply)
    call_command("erase_withdrawn", stdout=StringIO())
    assert Post.objects.get(pk=reply.pk).body  # kept within the days
    client.force_login(moderator)
    assert "Jo Bloggs" in page(client, thread)  # cached article, with the text
    settings.FORUM_WITHDRAWN_KEEP_DAYS = 0
    call_command("erase_withdrawn", stdout=StringIO())
    html = page(client, thread)
    assert "Jo Bloggs" not in html and WITHDRAWN in html


def test_a_held_first_post_can_be_withdrawn_before_review(client, community, settings):
    settings.MODERATION_REVIEW_FIRST_POSTS = 1
    newcomer = UserFactory()
    held = make_thread(community=community, author=newcomer, title="My story", body="Too much")
    assert held.is_awaiting_review
    client.force_login(newcomer)
    client.post(withdraw_url(held.posts.get(number=1)))
    held.refresh_from_db()
    assert held.is_hidden and not held.is_awaiting_review  # off the review queue
    assert Community.objects.get(pk=community.pk).thread_count == 0


def test_the_export_says_which_posts_were_withdrawn(client, thread, reply):
    from tests.accounts.test_privacy import download_export, sign_in

    sign_in(client, reply.author)
    client.post(withdraw_url(reply))
    (post,) = download_export(client)["posts"]
    assert post["withdrawn_at"] and post["hidden_by_moderator"] is False


def test_the_confirm_page_costs_a_bounded_number_of_queries(
    client, thread, reply, django_assert_max_num_queries
):
    client.force_login(reply.author)
    with django_assert_max_num_queries(12):
        assert client.get(withdraw_url(reply)).status_code == 200
