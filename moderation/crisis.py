"""Posts whose writer was shown crisis support before posting (forum.crisis): they go to
the top of the moderators' queue as a report of a risk of self-harm, filed by the forum
itself, and the moderators on duty are alerted at once (notifications: in the app and by
email, never with the post's words)."""

from django.db import transaction

from forum.models import Post
from moderation import actions
from moderation.models import Report

PUBLISHED = "Its writer was shown the help lines before posting and chose to post it."
HELD = (
    "Its writer was shown the help lines before posting and chose to send it to the "
    "moderators only: it is held, not published."
)


@transaction.atomic
def flag_crisis_post(sender, post_id, published, **kwargs) -> None:
    """Receiver of forum.events.crisis_flagged."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return
    report = Report.objects.create(
        post=post,
        reporter=None,
        reason=Report.Reason.SELF_HARM,
        note=PUBLISHED if published else HELD,
        text_as_reported=post.body,
    )
    actions.report_announce(report)
