"""What each member has read: one row per member and discussion they opened
(forum.models.ReadState), holding the number of the last post they were shown.

- `page_read`: a member is shown a page of a discussion: the divider goes before the
  first post they had not read, and their row moves forward (`mark_read`: one statement
  that keeps the larger number, so two tabs never move it backwards; none when nothing
  on the page is new). How far they had read comes with the page's one query for the
  reader's state (forum.reactions).
- `list_marks`: each listed discussion's "New" or "3 new replies", for a whole list in
  one query of index lookups (a reader part of the cached lists: forum.pages); the
  counts come from the discussions' own numbers, and only a discussion with hidden,
  held or erased replies needs its new replies counted (a second query, rarely).
- `divider`: "New since your last visit", before the first post the member has not read.
- `first_unread_url`: where a member's link from a list takes them.

Visitors have none of it. The numbers are post numbers: a discussion's replies that a
member may not read (hidden, or held for review) are never counted as new.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import connections, router
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import MemberRelation
from config import prepared
from forum import events, permissions
from forum.models import CommunityFollow, Post, ReadState, Thread, ThreadFollow

# More new replies than this are shown as "more than 100 new replies": the count looks
# at this many post numbers at most, whatever the discussion's length.
COUNT_LIMIT = 100


def page_read(user, thread: Thread, posts: list[Post]) -> dict[int, str]:
    """The member was shown these posts of the discussion (`thread.reader_last_read` set
    by forum.reactions.discussion_state): the divider's place, by post id, and the read
    state moved forward (and `thread.reader_last_read` with it)."""
    if not user.is_authenticated or not posts:
        return {}
    last_read = thread.reader_last_read or 0
    shown = max(post.number for post in posts)
    if shown <= last_read:
        return {}
    mark_read(user, thread.pk, shown)
    thread.reader_last_read = shown
    events.posts_read.send(sender=ReadState, user_id=user.pk, thread_id=thread.pk, number=shown)
    if last_read == 0:
        return {}  # their first visit: everything is new, no divider
    first_new = next(post for post in posts if post.number > last_read)
    return {first_new.pk: divider()}


def mark_read(user, thread_id: int, number: int) -> None:
    """The member has been shown the discussion up to post `number`."""
    table = ReadState._meta.db_table
    alias = router.db_for_write(ReadState)
    connection = connections[alias]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, thread_id, last_read_number, updated_at) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, thread_id) DO UPDATE SET "
            "last_read_number = excluded.last_read_number, updated_at = excluded.updated_at "
            f"WHERE {table}.last_read_number < excluded.last_read_number",
            [user.pk, thread_id, number, now],
        )


def row_facts(threads) -> list[list[int]]:
    """What a cached list keeps of each discussion for its readers' marks: plain values,
    each discussion once (a list of posts may name one several times). `gapless`: every
    reply is one anyone may read (none hidden, held or erased), so that the replies after
    a post number can be counted without a query."""
    rows = {
        thread.pk: [
            thread.pk,
            thread.last_post_number,
            int(thread.created_at.timestamp()),
            int(thread.reply_count == thread.last_post_number - 1),
        ]
        for thread in threads
    }
    return list(rows.values())


def list_marks(user, rows: list[list[int]]) -> dict[int, str]:
    """Each listed discussion's mark for this member, by discussion id: "New" for one
    started since they joined (within FORUM_NEW_DAYS) that they never opened, "N new
    replies" (a link to the first) for one with replies they have not read; nothing for
    a discussion they muted."""
    return community_list_state(user, rows)[0]


def community_list_state(user, rows, community_id=None) -> tuple[dict[int, str], bool]:
    """`list_marks`, and whether the member follows the community whose list this is,
    in the same query (a community page's reader parts), which also answers whether they
    confirmed their email address (remembered for permissions.can_start_thread)."""
    marks, follows, _ = list_state(user, rows, community_id=community_id)
    return marks, follows


def profile_list_state(user, rows, member_id: int) -> tuple[dict[int, str], set[str]]:
    """`list_marks`, and what the reader chose about the member whose profile this is
    (accounts.models.MemberRelation kinds), in the same query."""
    marks, _, chosen = list_state(user, rows, member_id=member_id)
    return marks, chosen


def list_state(user, rows, *, community_id=None, member_id=None):
    if not user.is_authenticated or not (rows or community_id or member_id):
        return {}, False, set()
    ids = [row[0] for row in rows]
    read, muted, follows, confirmed, chosen = _read_rows(user.pk, ids, community_id, member_id)
    if community_id is not None:
        permissions.remember_confirmed_email(user, confirmed)
    new = {}
    uncounted = []
    for pk, last_number, _created, gapless in rows:
        if pk in read and pk not in muted and last_number > read[pk]:
            if gapless:
                new[pk] = last_number - read[pk]
            else:
                uncounted.append((pk, read[pk]))
    new.update(_count_new(uncounted))
    return _marks(user, rows, read, muted, new), follows, chosen


def _marks(user, rows, read, muted, new) -> dict[int, str]:
    since = max(
        user.date_joined, timezone.now() - timedelta(days=settings.FORUM_NEW_DAYS)
    ).timestamp()
    marks = {}
    for pk, _last_number, created, _gapless in rows:
        if pk in muted:
            continue
        if pk not in read:
            if created >= since:
                marks[pk] = format_html('<span class="badge unread-badge">{}</span>', _("New"))
            continue
        count = new.get(pk, 0)
        if count == 0:
            continue
        if count > COUNT_LIMIT:
            label = _("more than %(count)s new replies") % {"count": COUNT_LIMIT}
        else:
            label = ngettext("%(count)s new reply", "%(count)s new replies", count) % {
                "count": count
            }
        url = reverse("forum:thread_unread", args=[pk])
        marks[pk] = f'<a class="badge unread-badge" href="{url}">{escape(label)}</a>'
    return marks


# What a reader chose about a member, as the UNION's negative codes.
RELATION_CODES = {"follow": -4, "mute": -5, "block": -6}


def _read_rows(user_id: int, thread_ids: list[int], community_id=None, member_id=None):
    """How far the member read each listed discussion they opened, those they muted,
    whether they follow the community and confirmed their email address, and what they
    chose about the member `member_id`: one query of index lookups."""
    follows = ThreadFollow._meta.db_table
    with connections[router.db_for_read(ReadState)].cursor() as cursor:
        parts, params = [], []
        if thread_ids:
            threads, ids = prepared.in_list(cursor, "thread_id", thread_ids)
            parts.append(
                f"SELECT thread_id, last_read_number FROM {ReadState._meta.db_table} "
                f"WHERE user_id = %s AND {threads}"
            )
            params += [user_id, *ids]
            parts.append(
                f"SELECT thread_id, -1 FROM {follows} "
                f"WHERE user_id = %s AND level = %s AND {threads}"
            )
            params += [user_id, ThreadFollow.Level.MUTED, *ids]
        if community_id is not None:
            parts.append(
                f"SELECT community_id, -2 FROM {CommunityFollow._meta.db_table} "
                "WHERE user_id = %s AND community_id = %s"
            )
            params += [user_id, community_id]
            # The page asks too whether they may start a discussion: a confirmed address.
            parts.append(
                f"SELECT 0, -3 WHERE EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table} "
                "WHERE user_id = %s AND verified)"
            )
            params.append(user_id)
        if member_id is not None:
            codes = " ".join(f"WHEN '{kind}' THEN {code}" for kind, code in RELATION_CODES.items())
            parts.append(
                f"SELECT 0, CASE kind {codes} END FROM {MemberRelation._meta.db_table} "
                "WHERE owner_id = %s AND other_id = %s"
            )
            params += [user_id, member_id]
        prepared.execute(cursor, " UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    read = {pk: number for pk, number in rows if number >= 0}
    muted = {pk for pk, number in rows if number == -1}
    numbers = {number for _, number in rows}
    chosen = {kind for kind, code in RELATION_CODES.items() if code in numbers}
    return read, muted, -2 in numbers, -3 in numbers, chosen


def _count_new(after: list[tuple[int, int]]) -> dict[int, int]:
    """The replies anyone may read after each (discussion, post number), for discussions
    with hidden, held or erased replies (rare): one query, each count looking at
    COUNT_LIMIT + 1 post numbers at most."""
    if not after:
        return {}
    ranges = " OR ".join(["(thread_id = %s AND number > %s AND number <= %s)"] * len(after))
    params = []
    for pk, last_read in after:
        params += [pk, last_read, last_read + COUNT_LIMIT + 1]
    sql = (
        f"SELECT thread_id, COUNT(*) FROM {Post._meta.db_table} WHERE ({ranges}) "
        "AND is_hidden = %s AND is_awaiting_review = %s GROUP BY thread_id"
    )
    with connections[router.db_for_read(Post)].cursor() as cursor:
        cursor.execute(sql, [*params, False, False])
        return dict(cursor.fetchall())


def divider() -> str:
    return format_html(
        '<div class="unread-divider" id="new" role="separator"><span>{}</span></div>',
        _("New since your last visit"),
    )


def first_unread_url(user, thread: Thread) -> str:
    """The page and anchor of the first post this member has not read; the discussion's
    first page if they never opened it, its last post they read if nothing is new."""
    if not user.is_authenticated:
        return thread.get_absolute_url()
    last_read = (
        ReadState.objects.filter(user=user, thread=thread)
        .values_list("last_read_number", flat=True)
        .first()
    )
    if last_read is None:
        return thread.get_absolute_url()
    following = (
        Post.objects.filter(thread=thread, number__gt=last_read, is_hidden=False)
        .readable_in_thread_by(user)
        .order_by("number")
        .values_list("number", flat=True)
        .first()
    )
    post = Post(thread=thread, number=following or max(last_read, 1))
    return post.get_absolute_url()
