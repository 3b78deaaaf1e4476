from accounts.navigation import LazyCount
from forum import expert_desk


def waiting_for_clinicians(request):
    """Verified clinicians' count of what waits for them (questions for an expert and
    posts flagged as possibly inaccurate), in their navigation: counted only when a page
    shows it, and kept until the next write anywhere."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_clinician:
        return {}
    return {"expert_desk": LazyCount(expert_desk.waiting_count)}
