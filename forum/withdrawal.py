"""A member takes back what they posted: a reply, an opening post, or a whole discussion.

A withdrawn post is also hidden, so every list, counter, feed and search leaves it out
through the one visibility rule; in its discussion it reads "withdrawn by its author".
An opening post others replied to keeps its discussion for their sake, its text
replaced; a discussion nobody else answered goes altogether. The text stays readable by
moderators for FORUM_WITHDRAWN_KEEP_DAYS (longer while a report on it is open: the
moderation app decides, and calls `text_erase`), so that withdrawing cannot hide abuse.
"""

import enum
from functools import partial

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum import events, permissions, services
from forum.models import Post, PostRevision, Thread


class Withdrawn(enum.StrEnum):
    """What withdrawing a post did (the page says so)."""

    REPLY = "reply"
    OPENING_POST = "opening_post"  # others replied: the discussion stays for them
    DISCUSSION = "discussion"  # nobody else replied: it is gone


def outcome(post: Post) -> Withdrawn:
    """What withdrawing this post would do, for the page that asks to confirm."""
    if not post.is_opening:
        return Withdrawn.REPLY
    return Withdrawn.OPENING_POST if _others_replied(post) else Withdrawn.DISCUSSION


def _others_replied(post: Post) -> bool:
    replies = Post.objects.filter(
        thread_id=post.thread_id, number__gt=1, is_hidden=False, is_awaiting_review=False
    )
    return replies.exclude(author_id=post.author_id).exists()


@transaction.atomic
def post_withdraw(*, author: User, post: Post) -> Withdrawn:
    """Withdraw the author's post; counters stay exact, notifications about it go (the
    notifications app hears `post_withdrawn`) and the moderation log records it."""
    thread = Thread.objects.select_for_update().select_related("community").get(pk=post.thread_id)
    post = Post.objects.get(pk=post.pk)
    post.thread = thread
    permissions.check_can_withdraw_post(author, post)
    now = timezone.now()
    result = outcome(post)
    if result is Withdrawn.DISCUSSION:
        # Whatever the author posted in it goes with it; others' held or hidden posts
        # stay as they are (moderators still decide on those).
        withdrawn = list(
            thread.posts.filter(author_id=author.pk, withdrawn_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        Post.objects.filter(pk__in=withdrawn).update(
            is_hidden=True, is_awaiting_review=False, withdrawn_at=now
        )
        Thread.objects.filter(pk=thread.pk).update(is_hidden=True, is_awaiting_review=False)
        services.refresh_community_count(thread.community_id)
    else:
        withdrawn = [post.pk]
        Post.objects.filter(pk=post.pk).update(
            is_hidden=True, is_awaiting_review=False, withdrawn_at=now
        )
    services.refresh_thread_counters(thread.pk)
    services.invalidate_pages(threads=[thread], communities=[thread.community])
    transaction.on_commit(
        partial(
            events.post_withdrawn.send,
            sender=Post,
            post_id=post.pk,
            post_ids=withdrawn,
            thread_id=thread.pk,
            author_id=author.pk,
            whole_discussion=result is Withdrawn.DISCUSSION,
        )
    )
    return result


@transaction.atomic
def text_erase(*, post_ids: list[int]) -> list[Post]:
    """Erase withdrawn posts' text and earlier versions for good; returns the posts
    erased (skipping any not withdrawn, or already erased)."""
    posts = list(
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__community")
        .filter(pk__in=post_ids, withdrawn_at__isnull=False)
        .exclude(body="")
    )
    for post in posts:
        post.body = post.body_html = ""
        post.content_warning = ""
        post.version += 1  # its cached article changes for the moderators who saw it
        post.save(update_fields=["body", "body_html", "content_warning", "version"])
    PostRevision.objects.filter(post__in=posts).delete()
    services.invalidate_pages(
        threads={post.thread for post in posts},
        communities={post.thread.community for post in posts},
    )
    return posts
