from accounts.navigation import LazyCount
from moderation.models import Report


def open_reports(request):
    """Moderators' count of open reports, in their navigation and on the admin index:
    one COUNT, made only when a moderator's page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_moderator:
        return {}
    return {
        "open_reports": LazyCount(lambda: Report.objects.filter(status=Report.Status.OPEN).count())
    }
