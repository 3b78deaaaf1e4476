"""What verified clinicians' work tells members: a clinician's note under their post, or
the flags on it answered without one (forum.clinician_notes)."""

from django.db.models import Q

from forum.models import Post
from notifications.models import Notification
from notifications.services import NOTHING, Delivery, _announced, _deliver

Kind = Notification.Kind
NOTED = "noted"
DISMISSED = "dismissed"


def clinician_note_notify(*, post_id: int, clinician_id: int, outcome: str) -> Delivery:
    """Tell a post's author that a clinician added a note under it (`noted`) or checked
    it after a flag and found none needed (`dismissed`)."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None or not post.author_id or not _announced(post):
        return NOTHING
    return _deliver(
        audience=Q(pk=post.author_id),
        kind_for=lambda pk: Kind.CLINICIAN_NOTE,
        kinds={Kind.CLINICIAN_NOTE},
        post=post,
        actor_id=clinician_id if outcome == NOTED else None,
        outcome=outcome,
        exclude={clinician_id},
    )
