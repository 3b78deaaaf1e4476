"""The forum's part of a member's data export and erasure (connected in ForumConfig.ready)."""

from django.conf import settings
from django.db.models import F

from forum import members
from forum.models import (
    Bookmark,
    CommunityFollow,
    Draft,
    Post,
    PostThanks,
    PostThanksCount,
    ReadState,
    ThreadFollow,
)


def export_sections(sender, user, **kwargs) -> dict:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread", "thread__community")
        .order_by("created_at")
    )
    base = getattr(settings, "SITE_URL", "")
    return {
        "posts": [
            {
                "discussion": post.thread.title,
                "community": post.thread.community.name,
                "is_opening_post": post.is_opening,
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
                "text": post.body,
                "url": base + post.get_absolute_url(),
                "hidden_by_moderator": post.is_hidden and post.withdrawn_at is None,
                "withdrawn_at": post.withdrawn_at.isoformat() if post.withdrawn_at else None,
                "is_expert_answer": post.is_expert_answer,
            }
            for post in posts.iterator(chunk_size=500)
        ],
        "discussions_followed": [
            {
                "discussion": follow.thread.title,
                "url": base + follow.thread.get_absolute_url(),
                "since": follow.created_at.isoformat(),
            }
            for follow in ThreadFollow.objects.filter(user=user).select_related("thread")
        ],
        "thanks_given": [
            {
                "discussion": thanks.post.thread.title,
                "post_url": base + thanks.post.get_absolute_url(),
                "given_at": thanks.created_at.isoformat(),
            }
            for thanks in PostThanks.objects.filter(user=user).select_related("post__thread")
        ],
        "drafts": [
            {
                "reply_to": draft.thread.title if draft.thread_id else None,
                "new_discussion_in": draft.community.name if draft.community_id else None,
                "title": draft.title,
                "text": draft.body,
                "saved_at": draft.updated_at.isoformat(),
            }
            for draft in Draft.objects.filter(user=user).select_related("thread", "community")
        ],
        "saved_posts": [
            {
                "discussion": bookmark.post.thread.title,
                "post_url": base + bookmark.post.get_absolute_url(),
                "saved_at": bookmark.created_at.isoformat(),
            }
            for bookmark in Bookmark.objects.filter(user=user)
            .select_related("post__thread")
            .order_by("-created_at")
        ],
        "discussions_read": [
            {
                "discussion": state.thread.title,
                "url": base + state.thread.get_absolute_url(),
                "read_up_to_post": state.last_read_number,
                "last_read_at": state.updated_at.isoformat(),
            }
            for state in ReadState.objects.filter(user=user)
            .select_related("thread")
            .order_by("-updated_at")
            .iterator(chunk_size=500)
        ],
        "communities_followed": [
            {"community": follow.community.name, "since": follow.created_at.isoformat()}
            for follow in CommunityFollow.objects.filter(user=user).select_related("community")
        ],
    }


def erase_member_content(sender, user, delete_posts, **kwargs) -> None:
    # The thanks they gave come off the posts' counts (the rows cascade with the member).
    thanked = PostThanks.objects.filter(user=user).values("post_id")
    PostThanksCount.objects.filter(post_id__in=thanked, thanks_count__gt=0).update(
        thanks_count=F("thanks_count") - 1
    )
    PostThanks.objects.filter(user=user).delete()
    ReadState.objects.filter(user=user).delete()
    Bookmark.objects.filter(user=user).delete()
    Draft.objects.filter(user=user).delete()
    members.member_content_erase(user=user, delete_posts=delete_posts)
