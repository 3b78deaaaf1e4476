"""What waits for verified clinicians: questions for an expert and posts flagged as
possibly inaccurate (forum.clinician_notes)."""

from django.core.cache import cache

from forum import clinician_notes, pagecache
from forum.models import Thread


def waiting_questions():
    """Questions waiting for an expert that every signed-in member can read."""
    return Thread.objects.listed().waiting_for_expert()


def waiting_count() -> int:
    """Questions waiting plus flagged posts, cached until something changes them."""
    desk = clinician_notes.FLAGS_VERSION  # new discussions and answers bump SITE
    found = pagecache.versions([pagecache.SITE, desk])
    key = f"pf:expert-desk:{found[pagecache.SITE]}:{found[desk]}"
    count = cache.get(key)
    if count is None:
        count = waiting_questions().count() + clinician_notes.open_flag_count()
        cache.set(key, count, 3600)
    return count
