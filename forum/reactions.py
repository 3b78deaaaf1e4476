"""Members' reactions: following a discussion or a community, thanking a post, and the
support reactions ("Me too", "Sending support"). Forum content, like the posts
themselves: the writes (with their counters) and the one query a discussion page makes
for them. The notifications app hears of them through `events.post_thanked` and
`events.post_reacted`.

The page's query is written out in SQL: it runs on every signed-in view of a discussion,
and building the equivalent ORM query (two EXISTS annotations over a join) cost more
than running it. Ten index lookups joined with UNION ALL, each row tagged with its kind.
"""

from functools import partial

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Count, Exists, F, OuterRef
from django.utils.translation import gettext as _

from accounts.models import MemberRelation, User
from config import prepared
from forum import events, pagecache, permissions
from forum.models import (
    Bookmark,
    Community,
    CommunityFollow,
    Draft,
    Post,
    PostReaction,
    PostReactionCount,
    PostThanks,
    PostThanksCount,
    ReadState,
    Thread,
    ThreadFollow,
)

# Follows ------------------------------------------------------------------------------


@transaction.atomic
def thread_follow_level_set(*, user: User, thread: Thread, level: int) -> None:
    """Watch, mute, or go back to normal (no row) for a discussion."""
    level = ThreadFollow.Level(level)
    if level == ThreadFollow.Level.NORMAL:
        ThreadFollow.objects.filter(user=user, thread=thread).delete()
        return
    permissions.check_can_follow_thread(user, thread)
    ThreadFollow.objects.update_or_create(user=user, thread=thread, defaults={"level": level})


def thread_follow_create(*, user: User, thread: Thread) -> None:
    """Watch a discussion: hear of every reply."""
    thread_follow_level_set(user=user, thread=thread, level=ThreadFollow.Level.WATCHING)


def thread_follow_delete(*, user: User, thread: Thread) -> None:
    """Stop watching a discussion (back to normal)."""
    thread_follow_level_set(user=user, thread=thread, level=ThreadFollow.Level.NORMAL)


@transaction.atomic
def community_follow_create(*, user: User, community: Community) -> None:
    """Follow a community: hear of its new discussions; it shows on the member's profile
    if they chose so."""
    permissions.check_can_view_community(user, community)
    CommunityFollow.objects.get_or_create(user=user, community=community)
    transaction.on_commit(pagecache.bump)  # their profile lists the communities they follow


@transaction.atomic
def community_follow_delete(*, user: User, community: Community) -> None:
    CommunityFollow.objects.filter(user=user, community=community).delete()
    transaction.on_commit(pagecache.bump)


# Thanks -------------------------------------------------------------------------------


def _refresh_cached_pages(post: Post) -> None:
    """Visitors' cached copy of the discussion shows thanks counts: drop it on commit."""
    transaction.on_commit(partial(pagecache.bump, thread_ids=[post.thread_id]))


@transaction.atomic
def thanks_create(*, user: User, post: Post) -> PostThanks:
    """Thank a post once; counts it, and tells its author after commit."""
    permissions.check_can_thank(user, post)
    try:
        with transaction.atomic():
            thanks = PostThanks.objects.create(user=user, post=post)
    except IntegrityError:
        raise ValidationError(_("You have already thanked this post.")) from None
    # The count row is made on the first thanks; the insert is a no-op after that, and
    # the F() update keeps concurrent thanks from losing one another.
    PostThanksCount.objects.bulk_create([PostThanksCount(post=post)], ignore_conflicts=True)
    PostThanksCount.objects.filter(post=post).update(thanks_count=F("thanks_count") + 1)
    transaction.on_commit(
        partial(events.post_thanked.send, sender=PostThanks, post_id=post.pk, user_id=user.pk)
    )
    _refresh_cached_pages(post)
    return thanks


@transaction.atomic
def thanks_delete(*, user: User, post: Post) -> bool:
    """Take one's thanks back; False if there was none."""
    deleted, _ = PostThanks.objects.filter(user=user, post=post).delete()
    if deleted:
        PostThanksCount.objects.filter(post=post, thanks_count__gt=0).update(
            thanks_count=F("thanks_count") - 1
        )
        _refresh_cached_pages(post)
    return bool(deleted)


# Support reactions ----------------------------------------------------------------------


@transaction.atomic
def reaction_create(*, user: User, post: Post, kind: str) -> PostReaction:
    """React once with "Me too" or "Sending support"; counted, and the author told (one
    notification per post and kind, updated) after commit."""
    kind = PostReaction.Kind(kind)
    permissions.check_can_react(user, post)
    try:
        with transaction.atomic():
            reaction = PostReaction.objects.create(user=user, post=post, kind=kind)
    except IntegrityError:
        raise ValidationError(_("You have already reacted this way to this post.")) from None
    PostReactionCount.objects.bulk_create(
        [PostReactionCount(post=post, kind=kind)], ignore_conflicts=True
    )
    PostReactionCount.objects.filter(post=post, kind=kind).update(count=F("count") + 1)
    transaction.on_commit(
        partial(
            events.post_reacted.send,
            sender=PostReaction,
            post_id=post.pk,
            user_id=user.pk,
            kind=str(kind),
        )
    )
    _refresh_cached_pages(post)
    return reaction


@transaction.atomic
def reaction_delete(*, user: User, post: Post, kind: str) -> bool:
    """Take a reaction back; False if there was none."""
    kind = PostReaction.Kind(kind)
    deleted, _by_model = PostReaction.objects.filter(user=user, post=post, kind=kind).delete()
    if deleted:
        PostReactionCount.objects.filter(post=post, kind=kind, count__gt=0).update(
            count=F("count") - 1
        )
        _refresh_cached_pages(post)
    return bool(deleted)


def thanks_counts_rebuild() -> int:
    """Recompute every stored thanks count from the thanks rows; returns how many posts
    it fixed. Finds drift with two queries, then fixes each post under a lock on its
    count row, so that thanks given meanwhile are neither lost nor counted twice."""
    drifted = (
        PostThanksCount.objects.annotate(real=Count("post__thanks"))
        .exclude(thanks_count=F("real"))
        .values_list("post_id", flat=True)
    )
    uncounted = (
        PostThanks.objects.exclude(
            Exists(PostThanksCount.objects.filter(post_id=OuterRef("post_id")))
        )
        .values_list("post_id", flat=True)
        .distinct()
    )
    fixed = 0
    for post_id in sorted({*drifted, *uncounted}):
        with transaction.atomic():
            PostThanksCount.objects.bulk_create(
                [PostThanksCount(post_id=post_id)], ignore_conflicts=True
            )
            PostThanksCount.objects.select_for_update().get(post_id=post_id)
            PostThanksCount.objects.filter(post_id=post_id).update(
                thanks_count=PostThanks.objects.filter(post_id=post_id).count()
            )
        fixed += 1
    return fixed


# What a discussion page shows of them -------------------------------------------------

COUNT, THANKED, FOLLOWED, HELD, CONFIRMED, READ, SAVED, DRAFTED = 0, 1, 2, 3, 4, 5, 6, 7
# Support reactions: counts and the member's own, by kind.
ME_TOO_COUNT, SUPPORT_COUNT, ME_TOO_MINE, SUPPORT_MINE = 8, 9, 10, 11
# Members the reader blocked: their posts are folded for the reader.
BLOCKED = 12


def discussion_state(user, thread, posts: list[Post]) -> None:
    """Set on the discussion `follow_level` and `is_followed` (watched by the member),
    `reader_has_held_posts` (posts of theirs awaiting review there), `reader_has_draft`
    (a reply of theirs kept as a draft: forum.drafts) and `reader_last_read`
    (the number of the last post they were shown there, None if they never opened it:
    forum.readstate); on each post `thanks_count`, `is_thanked`, `can_thank`, `is_saved`
    (bookmarked by the member) and the support reactions' `me_too_count`,
    `support_count`, `is_me_too`, `is_supporting` and `can_react`; on the discussion
    `reader_blocked`, the ids of the members the reader blocked among the posts' authors.
    One query, whatever the number of posts; it also answers whether the member has
    confirmed their email address, which the page asks too."""
    if user is not None:
        user = permissions.concrete(user)
    signed_in = bool(user is not None and user.is_authenticated)
    ids = [post.pk for post in posts]
    counts, thanked, saved, kinds, blocked = {}, set(), set(), set(), set()
    reacted = {ME_TOO_COUNT: {}, SUPPORT_COUNT: {}, ME_TOO_MINE: {}, SUPPORT_MINE: {}}
    thread.reader_last_read = None
    thread.follow_level = ThreadFollow.Level.NORMAL
    authors = sorted({post.author_id for post in posts if post.author_id})
    for kind, key, number in _rows(user.pk if signed_in else None, thread.pk, ids, authors):
        if kind == COUNT:
            counts[key] = number
        elif kind == THANKED:
            thanked.add(key)
        elif kind == SAVED:
            saved.add(key)
        elif kind in reacted:
            reacted[kind][key] = number
        elif kind == READ:
            thread.reader_last_read = number
        elif kind == FOLLOWED:
            thread.follow_level = number
        elif kind == BLOCKED:
            blocked.add(key)
        kinds.add(kind)
    thread.is_followed = thread.follow_level == ThreadFollow.Level.WATCHING
    thread.reader_blocked = blocked
    thread.reader_has_held_posts = HELD in kinds
    thread.reader_has_draft = DRAFTED in kinds
    if signed_in:
        permissions.remember_confirmed_email(user, CONFIRMED in kinds)
    reactable = permissions.reactable_posts(user, posts) if signed_in else set()
    for post in posts:
        pk = post.pk
        post.thanks_count = counts.get(pk, 0)
        post.is_thanked = pk in thanked
        post.is_saved = pk in saved
        post.me_too_count = reacted[ME_TOO_COUNT].get(pk, 0)
        post.support_count = reacted[SUPPORT_COUNT].get(pk, 0)
        post.is_me_too = pk in reacted[ME_TOO_MINE]
        post.is_supporting = pk in reacted[SUPPORT_MINE]
        post.can_react = post.can_thank = pk in reactable


def _rows(user_id, thread_id, post_ids: list[int], authors: list[int]) -> list[tuple]:
    with connections[router.db_for_read(Post)].cursor() as cursor:
        parts, params = [], []
        if post_ids:
            posts, ids = prepared.in_list(cursor, "post_id", post_ids)
            parts.append(
                f"SELECT {COUNT}, post_id, thanks_count FROM {PostThanksCount._meta.db_table} "
                f"WHERE {posts}"
            )
            params += ids
            me_too = PostReaction.Kind.ME_TOO
            parts.append(
                f"SELECT CASE WHEN kind = %s THEN {ME_TOO_COUNT} ELSE {SUPPORT_COUNT} END, "
                f"post_id, count FROM {PostReactionCount._meta.db_table} "
                f"WHERE {posts} AND count > 0"
            )
            params += [me_too, *ids]
            if user_id is not None:
                parts.append(
                    f"SELECT CASE WHEN kind = %s THEN {ME_TOO_MINE} ELSE {SUPPORT_MINE} END, "
                    f"post_id, 1 FROM {PostReaction._meta.db_table} "
                    f"WHERE user_id = %s AND {posts}"
                )
                params += [me_too, user_id, *ids]
                parts.append(
                    f"SELECT {THANKED}, post_id, 1 FROM {PostThanks._meta.db_table} "
                    f"WHERE user_id = %s AND {posts}"
                )
                params += [user_id, *ids]
                parts.append(
                    f"SELECT {SAVED}, post_id, 1 FROM {Bookmark._meta.db_table} "
                    f"WHERE user_id = %s AND {posts}"
                )
                params += [user_id, *ids]
        if user_id is not None:
            parts.append(
                f"SELECT {FOLLOWED}, thread_id, level FROM {ThreadFollow._meta.db_table} "
                "WHERE user_id = %s AND thread_id = %s"
            )
            params += [user_id, thread_id]
            parts.append(
                f"SELECT {HELD}, id, 1 FROM {Post._meta.db_table} "
                "WHERE thread_id = %s AND author_id = %s AND is_awaiting_review"
            )
            params += [thread_id, user_id]
            parts.append(
                f"SELECT {READ}, thread_id, last_read_number FROM {ReadState._meta.db_table} "
                "WHERE user_id = %s AND thread_id = %s"
            )
            params += [user_id, thread_id]
            if authors:
                among, author_ids = prepared.in_list(cursor, "other_id", authors)
                parts.append(
                    f"SELECT {BLOCKED}, other_id, 1 FROM {MemberRelation._meta.db_table} "
                    f"WHERE owner_id = %s AND kind = %s AND {among}"
                )
                params += [user_id, MemberRelation.Kind.BLOCK, *author_ids]
            parts.append(
                f"SELECT {DRAFTED}, id, 0 FROM {Draft._meta.db_table} "
                "WHERE user_id = %s AND thread_id = %s"
            )
            params += [user_id, thread_id]
            parts.append(
                f"SELECT {CONFIRMED}, 0, 1 WHERE EXISTS (SELECT 1 FROM "
                f"{EmailAddress._meta.db_table} WHERE user_id = %s AND verified)"
            )
            params.append(user_id)
        if not parts:
            return []
        prepared.execute(cursor, " UNION ALL ".join(parts), params)
        return cursor.fetchall()
