"""Every write to the forum. Views, the admin and management commands all call these.

Counters change only here, with F() updates inside the write's own transaction, and the
discussion row is locked (SELECT ... FOR UPDATE) before a post number is handed out, so that
concurrent replies neither lose an update nor collide on a number.
"""

import re
from functools import partial

from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forum import events, markup, permissions
from forum.models import Community, CommunityFollow, Post, Thread


def _rendered_fields(body: str) -> tuple[dict, list[int]]:
    markup.validate(body)
    rendered = markup.render(body)
    return (
        {"body": body, "body_html": rendered.html, "render_version": markup.RENDER_VERSION},
        rendered.mentioned_user_ids,
    )


@transaction.atomic
def thread_create(
    *, author: User, community: Community, title: str, body: str, wants_expert: bool = False
) -> Thread:
    """Start a discussion with its opening post; counts it in its community."""
    permissions.check_can_start_thread(author, community)
    fields, mentioned = _rendered_fields(body)
    now = timezone.now()
    thread = Thread.objects.create(
        community=community,
        author=author,
        title=title.strip(),
        created_at=now,
        last_activity_at=now,
        last_post_number=1,
        wants_expert_answer=wants_expert,
    )
    post = Post.objects.create(thread=thread, author=author, number=1, created_at=now, **fields)
    Community.objects.filter(pk=community.pk).update(thread_count=F("thread_count") + 1)
    transaction.on_commit(
        partial(events.post_created.send, sender=Post, post_id=post.pk, mentioned=mentioned)
    )
    return thread


@transaction.atomic
def reply_create(*, author: User, thread: Thread, body: str, expert: bool = False) -> Post:
    """Add a reply (an expert answer if a verified clinician says so); keeps the
    discussion's counters exact under concurrent replies."""
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    permissions.check_can_reply(author, thread)
    if expert:
        permissions.check_can_post_expert_answer(author)
    fields, mentioned = _rendered_fields(body)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        number=thread.last_post_number + 1,
        created_at=now,
        is_expert_answer=expert,
        **fields,
    )
    counters = {
        "reply_count": F("reply_count") + 1,
        "last_post_number": F("last_post_number") + 1,
        "last_activity_at": now,
    }
    if expert:
        counters["has_expert_answer"] = True
    Thread.objects.filter(pk=thread.pk).update(**counters)
    transaction.on_commit(
        partial(
            events.post_created.send,
            sender=Post,
            post_id=post.pk,
            mentioned=mentioned,
        )
    )
    return post


@transaction.atomic
def post_edit(*, editor: User, post: Post, body: str, title: str | None = None) -> Post:
    """Change a post's text (and, for an opening post, its discussion's title)."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    permissions.check_can_edit_post(editor, post)
    fields, mentioned = _rendered_fields(body)
    for name, value in fields.items():
        setattr(post, name, value)
    post.edited_at = timezone.now()
    post.save(update_fields=[*fields, "edited_at"])
    if title is not None and post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(title=title.strip())
        post.thread.title = title.strip()
    transaction.on_commit(
        partial(events.post_edited.send, sender=Post, post_id=post.pk, mentioned=mentioned)
    )
    return post


# An expert answer counts only while its author's clinician verification is current: a
# revoked or lapsed clinician's answers lose the badge and stop marking the discussion.
EXPERT_ANSWER = Q(
    is_expert_answer=True,
    author__role=User.Role.CLINICIAN,
    author__clinician_verified_at__isnull=False,
)
EXPERT_ANSWER_VIA_THREAD = Q(
    posts__is_expert_answer=True,
    posts__author__role=User.Role.CLINICIAN,
    posts__author__clinician_verified_at__isnull=False,
)


def expert_answers_refresh(*, user: User) -> int:
    """Re-derive "has an expert answer" for every discussion this member answered as an
    expert; call after their clinician status changes. Returns the discussions updated."""
    thread_ids = set(
        Post.objects.filter(author=user, is_expert_answer=True).values_list("thread_id", flat=True)
    )
    for thread_id in thread_ids:
        with transaction.atomic():
            Thread.objects.select_for_update().get(pk=thread_id)
            has_expert = Post.objects.filter(thread_id=thread_id, is_hidden=False).filter(
                EXPERT_ANSWER
            )
            Thread.objects.filter(pk=thread_id).update(has_expert_answer=has_expert.exists())
    return len(thread_ids)


def thread_recount(thread_id: int) -> dict:
    posts = Post.objects.filter(thread_id=thread_id)
    visible = posts.filter(is_hidden=False)
    return {
        "reply_count": visible.filter(number__gt=1).count(),
        "last_post_number": posts.aggregate(n=Max("number"))["n"] or 0,
        "last_activity_at": visible.aggregate(t=Max("created_at"))["t"],
        "has_expert_answer": visible.filter(EXPERT_ANSWER).exists(),
    }


def counters_rebuild() -> dict[str, int]:
    """Recompute every denormalised counter from the rows; returns how many rows it fixed.

    Finds drift with one aggregate query, then fixes each drifted row under its own lock,
    so replies posted meanwhile are neither lost nor double counted.
    """
    fixed = {"threads": 0, "communities": 0}
    drifted = Thread.objects.annotate(
        real_replies=Count("posts", filter=Q(posts__number__gt=1, posts__is_hidden=False)),
        real_last_number=Max("posts__number"),
        real_last_activity=Max("posts__created_at", filter=Q(posts__is_hidden=False)),
        real_expert=Count("posts", filter=EXPERT_ANSWER_VIA_THREAD & Q(posts__is_hidden=False)),
    ).filter(
        ~Q(reply_count=F("real_replies"))
        | ~Q(last_post_number=F("real_last_number"))
        | ~Q(last_activity_at=F("real_last_activity"))
        | Q(has_expert_answer=True, real_expert=0)
        | Q(has_expert_answer=False, real_expert__gt=0)
    )
    for thread_id in drifted.values_list("pk", flat=True).iterator(chunk_size=2000):
        with transaction.atomic():
            thread = Thread.objects.select_for_update().get(pk=thread_id)
            wanted = thread_recount(thread_id)
            wanted["last_activity_at"] = wanted["last_activity_at"] or thread.created_at
            Thread.objects.filter(pk=thread_id).update(**wanted)
            fixed["threads"] += 1
    drifted_communities = Community.objects.annotate(
        real_threads=Count("threads", filter=Q(threads__is_hidden=False))
    ).exclude(thread_count=F("real_threads"))
    for community_id in drifted_communities.values_list("pk", flat=True):
        with transaction.atomic():
            Community.objects.select_for_update().get(pk=community_id)
            real = Thread.objects.filter(community_id=community_id, is_hidden=False).count()
            Community.objects.filter(pk=community_id).update(thread_count=real)
            fixed["communities"] += 1
    return fixed


@transaction.atomic
def member_profile_update(
    *,
    user: User,
    display_name: str,
    bio: str,
    profile_is_public: bool,
    communities: list[Community],
) -> User:
    """Save what a member shows of themselves; the bio goes through the post pipeline."""
    markup.validate(bio)
    user.display_name = display_name
    user.bio = bio
    user.bio_html = markup.render(bio).html if bio else ""
    user.profile_is_public = profile_is_public
    user.save(update_fields=["display_name", "bio", "bio_html", "profile_is_public"])
    wanted = {community.pk for community in communities}
    current = set(
        CommunityFollow.objects.filter(user=user).values_list("community_id", flat=True)
    )
    CommunityFollow.objects.filter(user=user, community_id__in=current - wanted).delete()
    CommunityFollow.objects.bulk_create(
        [CommunityFollow(user=user, community_id=pk) for pk in wanted - current],
        ignore_conflicts=True,
    )
    return user


DELETED_BY_AUTHOR = "*This post was deleted by its author.*"
FORMER_MEMBER_MENTION = "@former member"


def member_content_erase(*, user: User, delete_posts: bool) -> None:
    """Before an account is deleted: remove the member's name from others' mentions and,
    if they chose so, their posts; keep every counter exact. Runs in the caller's
    transaction (accounts.services.member_erase)."""
    profile_link = f'href="{reverse("forum:profile", kwargs={"pk": user.pk})}"'
    mention = re.compile(r"@" + re.escape(user.display_name) + r"(?![\w])", re.IGNORECASE)
    for post in Post.objects.filter(body_html__contains=profile_link).exclude(author=user):
        post.body = mention.sub(FORMER_MEMBER_MENTION, post.body)
        post.body_html = markup.render(post.body).html.replace(profile_link, 'href="#"')
        post.save(update_fields=["body", "body_html"])
    if not delete_posts:
        return  # author FKs become NULL: shown as "Former member"

    touched_threads: set[int] = set()
    touched_communities: set[int] = set()
    for thread in Thread.objects.select_for_update().filter(author=user):
        touched_communities.add(thread.community_id)
        others_replied = thread.posts.exclude(author=user).filter(number__gt=1).exists()
        if others_replied:
            thread.posts.filter(number=1).update(
                body=DELETED_BY_AUTHOR,
                body_html=markup.render(DELETED_BY_AUTHOR).html,
                author=None,
            )
            touched_threads.add(thread.pk)
        else:
            thread.delete()
    replies = Post.objects.filter(author=user, number__gt=1)
    touched_threads |= set(replies.values_list("thread_id", flat=True))
    replies.delete()
    for thread_id in sorted(touched_threads):
        if Thread.objects.select_for_update().filter(pk=thread_id).exists():
            recount = thread_recount(thread_id)
            recount["last_activity_at"] = recount["last_activity_at"] or timezone.now()
            Thread.objects.filter(pk=thread_id).update(**recount)
    for community_id in touched_communities:
        Community.objects.select_for_update().filter(pk=community_id).update(
            thread_count=Thread.objects.filter(community_id=community_id, is_hidden=False).count()
        )
