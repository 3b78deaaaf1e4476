from django.utils.functional import SimpleLazyObject

from conversations import unread


def unread_conversations(request):
    """The navigation's count of conversations with unread messages, computed only if a
    template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    prefetched = getattr(request, "prefetched", None)
    return {"unread_conversations": SimpleLazyObject(lambda: unread.label(user, prefetched))}
