from moderation.models import Report


class _LazyCount:
    """A number counted the first time a template uses it (and then kept), that filters
    such as `pluralize` can read as a number."""

    def __init__(self, count):
        self._count = count
        self._value = None

    @property
    def value(self) -> int:
        if self._value is None:
            self._value = self._count()
        return self._value

    def __int__(self):
        return self.value

    def __float__(self):
        return float(self.value)

    def __bool__(self):
        return bool(self.value)

    def __str__(self):
        return str(self.value)


def open_reports(request):
    """Moderators' count of open reports, in their navigation and on the admin index:
    one COUNT, made only when a moderator's page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_moderator:
        return {}
    return {
        "open_reports": _LazyCount(lambda: Report.objects.filter(status=Report.Status.OPEN).count())
    }
