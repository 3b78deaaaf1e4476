"""The forum's part of a member's data export and erasure (connected in ForumConfig.ready)."""

from django.conf import settings

from forum import services
from forum.models import CommunityFollow, Post


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
                "hidden_by_moderator": post.is_hidden,
                "is_expert_answer": post.is_expert_answer,
            }
            for post in posts.iterator(chunk_size=500)
        ],
        "communities_followed": [
            {"community": follow.community.name, "since": follow.created_at.isoformat()}
            for follow in CommunityFollow.objects.filter(user=user).select_related("community")
        ],
    }


def erase_member_content(sender, user, delete_posts, **kwargs) -> None:
    services.member_content_erase(user=user, delete_posts=delete_posts)
