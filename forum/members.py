"""Writes on what members show of themselves, and the forum's part of an erasure."""

import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import markup, permissions, services
from forum.models import Community, CommunityFollow, Post, Thread


@transaction.atomic
def member_profile_update(
    *,
    user: User,
    display_name: str,
    bio: str,
    profile_is_public: bool,
    communities: list[Community],
    shows_communities: bool = False,
    language: str = "",
    unfolds_content_warnings: bool = False,
) -> User:
    """Save what a member shows of themselves (and the language they read in); the bio
    goes through the post pipeline."""
    markup.validate(bio)
    user.display_name = display_name
    user.bio = bio
    user.bio_html = markup.render(bio).html if bio else ""
    user.profile_is_public = profile_is_public
    user.shows_communities = shows_communities
    user.unfolds_content_warnings = unfolds_content_warnings
    if language:
        user.language = language
    user.save(
        update_fields=[
            "display_name",
            "bio",
            "bio_html",
            "profile_is_public",
            "shows_communities",
            "language",
            "unfolds_content_warnings",
        ]
    )
    wanted = {community.pk for community in communities}
    current = set(CommunityFollow.objects.filter(user=user).values_list("community_id", flat=True))
    CommunityFollow.objects.filter(user=user, community_id__in=current - wanted).delete()
    CommunityFollow.objects.bulk_create(
        [CommunityFollow(user=user, community_id=pk) for pk in wanted - current],
        ignore_conflicts=True,
    )
    services.invalidate_pages(everything=True)  # the name shows wherever the member posted
    return user


@transaction.atomic
def thread_audience_set(*, user: User, thread: Thread, members_only: bool) -> Thread:
    """The author makes their discussion members only (visitors, search engines, feeds
    and the sitemap lose it), or public again while nobody else has replied."""
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    permissions.check_can_set_audience(user, thread, members_only)
    if thread.members_only != members_only:
        Thread.objects.filter(pk=thread.pk).update(members_only=members_only)
        thread.members_only = members_only
        services.invalidate_pages(threads=[thread], communities=[thread.community])
    return thread


DELETED_BY_AUTHOR = "*This post was deleted by its author.*"
FORMER_MEMBER_MENTION = "@former member"


def member_content_erase(*, user: User, delete_posts: bool) -> None:
    """Before an account is deleted: remove the member's name from others' mentions and,
    if they chose so, their posts; keep every counter exact. Runs in the caller's
    transaction (accounts.services.member_erase)."""
    services.invalidate_pages(everything=True)
    profile_link = f'href="{reverse("forum:profile", kwargs={"pk": user.pk})}"'
    mention = re.compile(r"@" + re.escape(user.display_name) + r"(?![\w])", re.IGNORECASE)
    for post in Post.objects.filter(body_html__contains=profile_link).exclude(author=user):
        post.body = mention.sub(FORMER_MEMBER_MENTION, post.body)
        post.body_html = markup.render(post.body).html.replace(profile_link, 'href="#"')
        post.save(update_fields=["body", "body_html"])
    if not delete_posts:
        return  # author FKs become NULL: shown as "Former member"

    touched_threads: set[int] = set()
    touched_communities: set[int] = set()
    for thread in Thread.objects.select_for_update().filter(author=user):
        touched_communities.add(thread.community_id)
        others_replied = thread.posts.exclude(author=user).filter(number__gt=1).exists()
        if others_replied:
            thread.posts.filter(number=1).update(
                body=DELETED_BY_AUTHOR,
                body_html=markup.render(DELETED_BY_AUTHOR).html,
                author=None,
            )
            touched_threads.add(thread.pk)
        else:
            thread.delete()
    replies = Post.objects.filter(author=user, number__gt=1)
    touched_threads |= set(replies.values_list("thread_id", flat=True))
    replies.delete()
    for thread_id in sorted(touched_threads):
        if Thread.objects.select_for_update().filter(pk=thread_id).exists():
            recount = services.thread_recount(thread_id)
            recount["last_activity_at"] = recount["last_activity_at"] or timezone.now()
            Thread.objects.filter(pk=thread_id).update(**recount)
    for community_id in touched_communities:
        services.refresh_community_count(community_id)
