"""Support reactions told to a post's author, batched: one notification per post and
kind, counting the members and unread again at each new one (forum.reactions)."""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts import relations
from forum.models import Post, PostReaction
from notifications.models import Notification
from notifications.services import NOTHING, Delivery, _announced, _deliver, _forget_unread


@transaction.atomic
def reaction_notify(*, post_id: int, user_id: int, kind: str) -> Delivery:
    """Tell a post's author of a support reaction, batched: the post's notification of
    that kind (if any) counts one more member and is unread again; else a new one."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None or not post.author_id or not _announced(post):
        return NOTHING
    if not PostReaction.objects.filter(post_id=post_id, user_id=user_id, kind=kind).exists():
        return NOTHING  # taken back before this ran
    if relations.silences(post.author_id, user_id):
        return NOTHING  # the author muted or blocked them
    batched = Notification.objects.select_for_update().filter(
        recipient_id=post.author_id, post=post, kind=kind
    )
    existing = batched.first()
    if existing is not None:
        batched.update(
            count=F("count") + 1, actor_id=user_id, created_at=timezone.now(), read_at=None
        )
        _forget_unread([post.author_id])
        return Delivery(rows=1)
    return _deliver(
        audience=Q(pk=post.author_id),
        kind_for=lambda pk: kind,
        kinds={kind},
        post=post,
        actor_id=user_id,
    )
