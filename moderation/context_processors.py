from django.utils.functional import SimpleLazyObject

from accounts.navigation import LazyCount
from forum.models import Post
from moderation import workspace
from moderation.models import MessageReport, Report, SuspensionAppeal


def _waiting() -> int:
    reported = Report.objects.filter(status=Report.Status.OPEN).values("post").distinct()
    appeals = SuspensionAppeal.objects.filter(status=SuspensionAppeal.Status.OPEN)
    messages = MessageReport.objects.filter(status=Report.Status.OPEN).values("message").distinct()
    return (
        reported.count()
        + Post.objects.filter(is_awaiting_review=True).count()
        + appeals.count()
        + messages.count()
    )


def open_reports(request):
    """Moderators' work: the count beside Moderation in their navigation (reported posts,
    posts awaiting review, appeals and reported private messages: COUNTs made only when a
    page shows it) and, on the admin index, the moderation home's figures."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_moderator:
        return {}
    return {
        "open_reports": LazyCount(_waiting),
        "moderation_work": SimpleLazyObject(workspace.work),
        "moderation_weeks": SimpleLazyObject(workspace.weeks),
    }
