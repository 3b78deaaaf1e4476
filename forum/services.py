"""Every write to the forum. Views, the admin and management commands all call these.

Counters change only here, with F() updates inside the write's own transaction, and the
discussion row is locked (SELECT ... FOR UPDATE) before a post number is handed out, so that
concurrent replies neither lose an update nor collide on a number.
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import events, markup, pagecache, permissions
from forum.models import Community, Draft, Post, PostRevision, Thread
from forum.querysets import COUNTED, EXPERT_ANSWER, EXPERT_ANSWER_VIA_THREAD


def invalidate_pages(*, threads=(), communities=(), everything=False) -> None:
    """After commit, drop the visitors' cached pages that show these (forum.pagecache)."""
    transaction.on_commit(
        partial(
            pagecache.bump,
            thread_ids=[thread.pk for thread in threads],
            community_slugs=[community.slug for community in communities],
            everything=everything,
        )
    )


def needs_review(author: User) -> bool:
    """A new member's first posts wait for a moderator when the site asks for it."""
    first_posts = settings.MODERATION_REVIEW_FIRST_POSTS
    if first_posts <= 0 or author.is_trusted or permissions.is_moderator(author):
        return False
    approved = Post.objects.filter(author=author, is_awaiting_review=False, is_hidden=False)
    return approved.count() < first_posts


def _rendered_fields(body: str, author_id: int | None) -> tuple[dict, list[int]]:
    markup.validate(body)
    rendered = markup.render(body, author_id=author_id)
    return (
        {"body": body, "body_html": rendered.html, "render_version": markup.RENDER_VERSION},
        rendered.mentioned_user_ids,
    )


@transaction.atomic
def thread_create(
    *,
    author: User,
    community: Community,
    title: str,
    body: str,
    wants_expert: bool = False,
    content_warning: str = "",
    hold: bool = False,
    crisis: bool = False,
    members_only: bool = False,
) -> Thread:
    """Start a discussion with its opening post; counts it in its community. `hold`: for
    the moderators only (its writer chose so); `crisis`: its writer was shown support
    before posting it (forum.crisis), and the moderators hear of it at once."""
    permissions.check_can_start_thread(author, community)
    fields, mentioned = _rendered_fields(body, author.pk)
    held = hold or needs_review(author)
    now = timezone.now()
    thread = Thread.objects.create(
        community=community,
        author=author,
        title=title.strip(),
        created_at=now,
        last_activity_at=now,
        last_post_number=1,
        wants_expert_answer=wants_expert or community.experts_answer,
        is_awaiting_review=held,
        members_only=members_only and community.is_public,
    )
    post = Post.objects.create(
        thread=thread,
        author=author,
        number=1,
        created_at=now,
        is_awaiting_review=held,
        content_warning=content_warning.strip(),
        **fields,
    )
    Draft.objects.filter(user=author, thread=None, community=community).delete()
    if crisis:
        _announce_crisis(post, published=not hold)
    if not held:
        Community.objects.filter(pk=community.pk).update(thread_count=F("thread_count") + 1)
        invalidate_pages(threads=[thread], communities=[community])
        transaction.on_commit(
            partial(events.post_created.send, sender=Post, post_id=post.pk, mentioned=mentioned)
        )
    return thread


@transaction.atomic
def reply_create(
    *,
    author: User,
    thread: Thread,
    body: str,
    expert: bool = False,
    content_warning: str = "",
    hold: bool = False,
    crisis: bool = False,
) -> Post:
    """Add a reply (an expert answer if a verified clinician says so); keeps the
    discussion's counters exact under concurrent replies. `hold` and `crisis` as for
    thread_create."""
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    permissions.check_can_reply(author, thread)
    if expert:
        permissions.check_can_post_expert_answer(author)
    fields, mentioned = _rendered_fields(body, author.pk)
    held = hold or needs_review(author)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        number=thread.last_post_number + 1,
        created_at=now,
        is_expert_answer=expert,
        is_awaiting_review=held,
        content_warning=content_warning.strip(),
        **fields,
    )
    Draft.objects.filter(user=author, thread=thread).delete()  # posted: the draft goes
    if crisis:
        _announce_crisis(post, published=not hold)
    if held:
        # The number is taken (the post keeps its place); counters wait for approval.
        Thread.objects.filter(pk=thread.pk).update(last_post_number=F("last_post_number") + 1)
        return post
    counters = {
        "reply_count": F("reply_count") + 1,
        "last_post_number": F("last_post_number") + 1,
        "last_activity_at": now,
    }
    if expert:
        counters["has_expert_answer"] = True
    Thread.objects.filter(pk=thread.pk).update(**counters)
    invalidate_pages(threads=[thread], communities=[thread.community])
    transaction.on_commit(
        partial(
            events.post_created.send,
            sender=Post,
            post_id=post.pk,
            mentioned=mentioned,
        )
    )
    return post


def _announce_crisis(post: Post, *, published: bool) -> None:
    """`published`: the writer chose to post it (a new member's post may still wait for
    review), rather than to send it to the moderators only."""
    transaction.on_commit(
        partial(events.crisis_flagged.send, sender=Post, post_id=post.pk, published=published)
    )


class EditConflict(ValidationError):
    """Someone else saved the post since this editor opened it."""


@transaction.atomic
def post_edit(
    *,
    editor: User,
    post: Post,
    body: str,
    title: str | None = None,
    expected_version: int | None = None,
    content_warning: str | None = None,
    crisis: bool = False,
) -> Post:
    """Change a post's text (and, for an opening post, its discussion's title). With
    `expected_version`, refuse to overwrite a change saved in the meantime; `crisis` as
    for thread_create."""
    post = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread__community")
        .get(pk=post.pk)
    )
    permissions.check_can_edit_post(editor, post)
    if expected_version is not None and post.version != expected_version:
        raise EditConflict(
            _(
                "Someone else changed this post while you were editing it. Your text is "
                "kept below: compare it with the current version, then save again."
            ),
            code="edit_conflict",
        )
    fields, mentioned = _rendered_fields(body, post.author_id)
    # The text it replaces is kept for its author and the moderators (the history).
    PostRevision.objects.create(
        post=post,
        number=post.version,
        body=post.body,
        title=post.thread.title if post.is_opening else "",
        replaced_by=editor,
    )
    if content_warning is not None:
        fields["content_warning"] = content_warning.strip()
    for name, value in fields.items():
        setattr(post, name, value)
    post.edited_at = timezone.now()
    post.version += 1
    post.save(update_fields=[*fields, "edited_at", "version"])
    if title is not None and post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(title=title.strip())
        post.thread.title = title.strip()
    invalidate_pages(threads=[post.thread], communities=[post.thread.community])
    if crisis:
        _announce_crisis(post, published=True)
    transaction.on_commit(
        partial(
            events.post_edited.send,
            sender=Post,
            post_id=post.pk,
            mentioned=mentioned,
            editor_id=editor.pk,
        )
    )
    return post


def expert_answers_refresh(*, user: User) -> int:
    """Re-derive "has an expert answer" for every discussion this member answered as an
    expert; call after their clinician status changes. Returns the discussions updated."""
    thread_ids = set(
        Post.objects.filter(author=user, is_expert_answer=True).values_list("thread_id", flat=True)
    )
    for thread_id in thread_ids:
        with transaction.atomic():
            Thread.objects.select_for_update().get(pk=thread_id)
            has_expert = Post.objects.filter(
                thread_id=thread_id, is_hidden=False, is_awaiting_review=False
            ).filter(EXPERT_ANSWER)
            Thread.objects.filter(pk=thread_id).update(has_expert_answer=has_expert.exists())
    invalidate_pages(everything=True)  # badges show on every page the member posted on
    return len(thread_ids)


def thread_recount(thread_id: int) -> dict:
    posts = Post.objects.filter(thread_id=thread_id)
    visible = posts.filter(is_hidden=False, is_awaiting_review=False)
    return {
        "reply_count": visible.filter(number__gt=1).count(),
        "last_post_number": posts.aggregate(n=Max("number"))["n"] or 0,
        "last_activity_at": visible.aggregate(t=Max("created_at"))["t"],
        "has_expert_answer": visible.filter(EXPERT_ANSWER).exists(),
    }


def counters_rebuild(progress=lambda done, total: None) -> dict[str, int]:
    """Recompute every denormalised counter from the rows; returns how many rows it fixed.
    Finds drift with one aggregate query, then fixes each drifted row under its own lock
    (replies posted meanwhile are neither lost nor double counted); `progress(done, total)`
    hears of each."""
    fixed = {"threads": 0, "communities": 0}
    drifted = Thread.objects.annotate(
        real_replies=Count("posts", filter=Q(posts__number__gt=1) & COUNTED),
        real_last_number=Max("posts__number"),
        real_last_activity=Max("posts__created_at", filter=COUNTED),
        real_expert=Count("posts", filter=EXPERT_ANSWER_VIA_THREAD & COUNTED),
    ).filter(
        ~Q(reply_count=F("real_replies"))
        | ~Q(last_post_number=F("real_last_number"))
        | ~Q(last_activity_at=F("real_last_activity"))
        | Q(has_expert_answer=True, real_expert=0)
        | Q(has_expert_answer=False, real_expert__gt=0)
    )
    drifted_ids = list(drifted.values_list("pk", flat=True))
    for done, thread_id in enumerate(drifted_ids, 1):
        with transaction.atomic():
            thread = Thread.objects.select_for_update().get(pk=thread_id)
            wanted = thread_recount(thread_id)
            wanted["last_activity_at"] = wanted["last_activity_at"] or thread.created_at
            Thread.objects.filter(pk=thread_id).update(**wanted)
            fixed["threads"] += 1
        progress(done, len(drifted_ids))
    drifted_communities = Community.objects.annotate(
        real_threads=Count(
            "threads", filter=Q(threads__is_hidden=False, threads__is_awaiting_review=False)
        )
    ).exclude(thread_count=F("real_threads"))
    for community_id in drifted_communities.values_list("pk", flat=True):
        with transaction.atomic():
            Community.objects.select_for_update().get(pk=community_id)
            refresh_community_count(community_id)
            fixed["communities"] += 1
    return fixed


# Moderation primitives. moderation.services wraps each with the permission check and the
# log entry; these keep the forum's own state and counters exact.


def refresh_thread_counters(thread_id: int) -> None:
    """Recount one (already locked) discussion after posts changed visibility."""
    recount = thread_recount(thread_id)
    thread = Thread.objects.get(pk=thread_id)
    recount["last_activity_at"] = recount["last_activity_at"] or thread.created_at
    Thread.objects.filter(pk=thread_id).update(**recount)


def refresh_community_count(community_id: int) -> None:
    Community.objects.select_for_update().filter(pk=community_id).update(
        thread_count=Thread.objects.filter(
            community_id=community_id, is_hidden=False, is_awaiting_review=False
        ).count()
    )


@transaction.atomic
def post_hidden_set(*, post: Post, hidden: bool) -> Post:
    """Hide a reply (it stays in place as "removed by a moderator") or restore it."""
    Thread.objects.select_for_update().get(pk=post.thread_id)
    post = Post.objects.select_related("thread__community").get(pk=post.pk)
    if post.is_hidden != hidden:
        post.is_hidden = hidden
        post.save(update_fields=["is_hidden"])
        refresh_thread_counters(post.thread_id)
        invalidate_pages(threads=[post.thread], communities=[post.thread.community])
    return post


@transaction.atomic
def thread_hidden_set(*, thread: Thread, hidden: bool) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.is_hidden != hidden:
        thread.is_hidden = hidden
        thread.save(update_fields=["is_hidden"])
        refresh_community_count(thread.community_id)
        invalidate_pages(threads=[thread], communities=[thread.community])
    return thread


@transaction.atomic
def thread_flags_set(
    *, thread: Thread, is_locked: bool | None = None, is_pinned: bool | None = None
) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    changes = {
        name: value
        for name, value in {"is_locked": is_locked, "is_pinned": is_pinned}.items()
        if value is not None and getattr(thread, name) != value
    }
    if changes:
        for name, value in changes.items():
            setattr(thread, name, value)
        thread.save(update_fields=list(changes))
        invalidate_pages(threads=[thread], communities=[thread.community])
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, community: Community) -> Thread:
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    old = thread.community
    if old.pk != community.pk:
        thread.community = community
        thread.save(update_fields=["community"])
        for community_id in sorted({old.pk, community.pk}):
            refresh_community_count(community_id)
        invalidate_pages(threads=[thread], communities=[old, community])
    return thread


@transaction.atomic
def post_review_decide(*, post: Post, approve: bool) -> Post:
    """Release a held post (counted and announced from now on) or reject it (hidden)."""
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    post = Post.objects.get(pk=post.pk)
    if not post.is_awaiting_review:
        return post
    post.is_awaiting_review = False
    post.is_hidden = not approve
    post.save(update_fields=["is_awaiting_review", "is_hidden"])
    if post.is_opening:
        Thread.objects.filter(pk=thread.pk).update(is_awaiting_review=False, is_hidden=not approve)
        refresh_community_count(thread.community_id)
    refresh_thread_counters(thread.pk)
    invalidate_pages(threads=[thread], communities=[thread.community])
    if approve:
        mentioned = markup.render(post.body, author_id=post.author_id).mentioned_user_ids
        transaction.on_commit(
            partial(events.post_created.send, sender=Post, post_id=post.pk, mentioned=mentioned)
        )
    return post
