from django.utils.functional import SimpleLazyObject

from notifications import unread


def unread_notifications(request):
    """The navigation bar's unread count, computed only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    prefetched = getattr(request, "prefetched", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread.label(user, prefetched))}
