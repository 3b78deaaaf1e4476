"""The forum's cached pages, each declared once (see forum.pagecache): what the page
shows an audience, and what is the reader's own."""

import re
from datetime import UTC, datetime
from html import unescape

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.text import Truncator

from forum import drafts, forms, pagecache, permissions, postrender, reactions, readstate
from forum.models import Community, Post, Thread
from forum.pagecache.audience import LIVE, MEMBERS
from forum.pagination import Page, page_number

HOME_LIST_SIZE = 10
SIDEBAR_SIZE = 5
SIDEBAR_FIELDS = ("slug", "title", "created_at", "reply_count", "community__name")
# Sidebars are keyed by their community's version: the timeout only frees memory.
SIDEBAR_SECONDS = 3600


# The home page -----------------------------------------------------------------------


def home_shared(audience, query) -> dict:
    threads = Thread.objects.visible_to(audience.viewer).listed().with_list_data()
    latest = list(threads.latest()[:HOME_LIST_SIZE])
    # The sidebars show a title, a date, a count and the community's name: no more.
    sidebar = (
        Thread.objects.visible_to(audience.viewer)
        .listed()
        .select_related("community")
        .only(*SIDEBAR_FIELDS)
    )
    communities = Community.objects.visible_to(audience.viewer)
    if not audience.viewer.is_authenticated:
        # The counters count members-only discussions too: a visitor's copy leaves them
        # out, counted in the same query (once per copy, not per request) from a partial
        # index on members-only discussions.
        members_only = (
            Thread.objects.filter(community=OuterRef("pk"), members_only=True)
            .listed()
            .order_by()
            .values("community")
            .annotate(count=Count("pk"))
            .values("count")
        )
        communities = list(
            communities.annotate(members_only_count=Coalesce(Subquery(members_only), 0))
        )
        for community in communities:
            community.thread_count -= community.members_only_count
    return {
        "communities": communities,
        "latest_threads": latest,
        "most_commented": sidebar.most_commented()[:SIDEBAR_SIZE],
        "expert_answered": sidebar.filter(has_expert_answer=True).latest()[:SIDEBAR_SIZE],
        "waiting_for_expert": sidebar.waiting_for_expert()[:SIDEBAR_SIZE],
        "facts": {"rows": readstate.row_facts(latest)},
    }


def list_reader(request, facts) -> dict:
    """A list's reader parts: each discussion's "New" or "N new replies" (one query)."""
    return {"marks": {"thread-state": readstate.list_marks(request.user, facts.get("rows", []))}}


HOME = pagecache.Page(
    "home",
    template="forum/home.html",
    versions=lambda: [pagecache.SITE],
    shared=home_shared,
    reader=list_reader,
)


# A community's discussions -----------------------------------------------------------


def community_shared(audience, query, slug) -> dict:
    community = get_object_or_404(Community, slug=slug)
    permissions.check_can_view_community(audience.viewer, community)
    per_page = settings.FORUM_THREADS_PER_PAGE
    threads = Thread.objects.visible_to(audience.viewer).listed().for_community_page(community)
    expert_only = query.get("expert") == "1"
    if expert_only:
        threads = threads.filter(has_expert_answer=True)
    # The counter counts every visible discussion; visitors' copies leave out the
    # members-only ones, so theirs is counted (once per copy, not per request).
    if expert_only or not audience.viewer.is_authenticated:
        total = threads.count()
    else:
        total = community.thread_count
    page = Page.of(page_number(query), total=total, per_page=per_page)
    start = (page.number - 1) * per_page
    listed = list(threads.select_related("author")[start : start + per_page])
    return {
        "community": community,
        "threads": listed,
        "page": page,
        "total": total,
        "expert_only": expert_only,
        "facts": {
            "pk": community.pk,
            "slug": community.slug,
            "is_public": community.is_public,
            "rows": readstate.row_facts(listed),
        },
    }


def community_reader(request, facts) -> dict:
    community = Community(pk=facts["pk"], slug=facts["slug"], is_public=facts["is_public"])
    marks, follows = readstate.community_list_state(request.user, facts["rows"], community.pk)
    return {
        "community": community,
        "can_start_thread": permissions.can_start_thread(request.user, community),
        "follows_community": follows,
        "marks": {"thread-state": marks},
    }


COMMUNITY = pagecache.Page(
    "community",
    template="forum/community.html",
    versions=lambda slug: [pagecache.community_key(slug)],
    shared=community_shared,
    reader=community_reader,
    params=("page", "expert"),
)


# A discussion ------------------------------------------------------------------------

# What a post's footer is made from (forum.postrender): kept with the shared copy, in
# the model's field order (each reader's posts are made with Post.from_db, several times
# cheaper than Post(**values); a field left out is deferred, so reading one by mistake
# shows as a query in the query-count tests).
POST_FACTS = tuple(
    field.attname
    for field in Post._meta.concrete_fields
    if field.attname
    in {
        "id",
        "author_id",
        "number",
        "version",
        "is_hidden",
        "is_awaiting_review",
        "is_expert_answer",
    }
)
THREAD_FACTS = (
    "pk",
    "slug",
    "author_id",
    "is_hidden",
    "is_locked",
    "is_awaiting_review",
    "members_only",
)


def thread_shared(audience, query, pk, slug) -> dict:
    viewer = audience.viewer
    try:
        # The page shows no more of the discussion's author than the opening post does
        # (read with the posts), and a clinician's hold on a question is rare: neither
        # is joined (a member row is some thirty columns to build and read).
        thread = permissions.visible_thread_or_404(
            viewer, pk, Thread.objects.select_related("community")
        )
    except Http404:
        if viewer.is_authenticated or not _members_only(pk):
            raise
        # A members-only discussion: visitors are asked to sign in, and told nothing of
        # it (no title, no text, not indexed).
        return {"status": 403, "template": "forum/members_only.html"}
    if slug != thread.slug:
        raise pagecache.Moved(thread.get_absolute_url())
    per_page = settings.FORUM_REPLIES_PER_PAGE
    page = Page.of(page_number(query), total=thread.last_post_number - 1, per_page=per_page)
    # The text is only needed for posts whose article is not cached (forum.postrender).
    posts = (
        Post.objects.filter(thread=thread)
        .readable_in_thread_by(viewer)
        .with_authors()
        .defer("body", "body_html")
    )
    shown = list(posts.opening_and_page_of_replies(page=page.number, per_page=per_page))
    for post in shown:
        post.thread = thread  # already loaded: no query per post
    is_moderator = permissions.is_moderator(viewer)
    html = postrender.posts_skeleton(shown, shows_hidden=is_moderator)
    opening_html = html.pop(0) if shown and shown[0].number == 1 else None
    first_expert_answer = None
    if thread.has_expert_answer:
        first_expert_answer = (
            Post.objects.filter(thread=thread, is_hidden=False)
            .expert_answers()
            .order_by("number")
            .only("pk", "number")
            .first()
        )
    return {
        "thread": thread,
        "community": thread.community,
        "opening_html": opening_html,
        "opening_withdrawn": bool(shown and shown[0].number == 1 and shown[0].withdrawn_at),
        "description": _excerpt(opening_html) if opening_html else "",
        "replies_html": html,
        "page": page,
        "most_commented": _most_commented(thread),
        "first_expert_answer": first_expert_answer,
        "is_moderator": is_moderator,
        "facts": {
            "thread": {name: getattr(thread, name) for name in THREAD_FACTS},
            "community_is_public": thread.community.is_public,
            "posts": [[getattr(post, name) for name in POST_FACTS] for post in shown],
            # Plain values only: when each withdrawn post was withdrawn, as a timestamp.
            "withdrawn": {
                post.pk: post.withdrawn_at.timestamp() for post in shown if post.withdrawn_at
            },
        },
    }


def _members_only(pk) -> bool:
    """A discussion members may read that is kept from visitors."""
    members = Thread.objects.visible_to(MEMBERS.viewer)
    return members.filter(pk=pk, members_only=True).exists()


def thread_reader(
    request,
    facts,
    reply_form=None,
    reply_preview="",
    personal_data=(),
    crisis_help="",
    crisis_chosen=False,
) -> dict | None:
    """The reader's own parts of a discussion: follow, each post's actions, the reply box
    (with the preview of what they wrote, when they asked for one)."""
    if "thread" not in facts:
        return {}  # the sign-in prompt of a members-only discussion
    thread = Thread(**facts["thread"], community=Community(is_public=facts["community_is_public"]))
    if not permissions.can_view_thread(request.user, thread):
        return None  # a page made for them answers (404)
    posts = []
    for values in facts["posts"]:
        post = Post.from_db(None, POST_FACTS, values)
        post.thread = thread
        withdrawn = facts["withdrawn"].get(post.pk)
        post.withdrawn_at = datetime.fromtimestamp(withdrawn, tz=UTC) if withdrawn else None
        posts.append(post)
    reactions.discussion_state(request.user, thread, posts)
    if thread.reader_has_held_posts and facts["audience"] != LIVE:
        return None  # their posts awaiting review are shown to them alone
    last_read = thread.reader_last_read
    before_post = readstate.page_read(request.user, thread, posts)
    if thread.reader_last_read != last_read:
        # Reading them marked notifications read: what the page fetched of the reader's
        # own (their unread count) is out of date.
        getattr(request, "prefetched", {}).clear()
    fold_before, fold_after = postrender.folds(posts, thread.reader_blocked)
    for pk, opening in fold_before.items():
        before_post[pk] = before_post.get(pk, "") + opening
    return {
        "thread": thread,
        "marks": {
            "post-actions": postrender.footers(request, posts),
            "before-post": before_post,
            "after-post": fold_after,
        },
        **reply_context(request, thread, reply_form),
        "reply_preview": reply_preview,
        "personal_data": personal_data,
        "crisis_help": crisis_help,
        "crisis_chosen": crisis_chosen,
        "audience_choice": _audience_choice(request.user, thread),
    }


THREAD = pagecache.Page(
    "thread",
    template="forum/thread.html",
    versions=lambda pk, slug: [pagecache.thread_key(pk)],
    shared=thread_shared,
    reader=thread_reader,
    params=("page",),
)


def _audience_choice(user, thread) -> str:
    """For the author of a discussion in a public community: "members" (they may make it
    members only), "everyone" (public again: nobody else replied), or ""."""
    if not user.is_authenticated or thread.author_id != user.pk or not thread.community.is_public:
        return ""
    if not thread.members_only:
        return "members"
    return "" if permissions.others_replied(thread) else "everyone"


def reply_context(request, thread, reply_form=None) -> dict:
    """What the reply box (forum/_reply_box.html) needs for this reader."""
    can_reply = permissions.can_reply(request.user, thread)
    if can_reply and reply_form is None:
        # Their draft, if discussion_state saw one: fetched only then.
        draft = getattr(thread, "reader_has_draft", False) and drafts.draft_for(
            request.user, thread=thread
        )
        reply_form = forms.ReplyForm(
            initial={"body": draft.body} if draft else None,
            can_post_expert_answer=permissions.can_post_expert_answer(request.user),
        )
    return {
        "can_reply": can_reply,
        "reply_form": reply_form,
        "reply_form_html": forms.rendered(_focused(reply_form)) if reply_form else "",
        "post_max_length": settings.FORUM_POST_MAX_LENGTH,
        "needs_confirmation": request.user.is_authenticated
        and not permissions.has_confirmed_email(request.user),
    }


def _focused(reply_form):
    """A form sent back (errors, a preview) takes the focus: the browser brings the
    reader to it and its message, wherever on the page the box is."""
    if reply_form.is_bound:
        reply_form.fields["body"].widget.attrs["autofocus"] = True
    return reply_form


_POST_BODY = re.compile(r'<div class="post-body">(.*?)</div>\s*(?:<p class|<footer)', re.S)
DESCRIPTION_LENGTH = 155


def _excerpt(article_html: str) -> str:
    """The first words of the opening post, as plain text: the discussion's own
    description for search results and link previews (from its article, no query)."""
    found = _POST_BODY.search(article_html)
    if not found:
        return ""
    text = " ".join(strip_tags(found.group(1)).split())
    return Truncator(unescape(text)).chars(DESCRIPTION_LENGTH)


def _most_commented(thread) -> list[Thread]:
    """The sidebar: the same for every reader of the community (listed discussions only),
    cached until the community's next write."""
    community_version = pagecache.version(pagecache.community_key(thread.community.slug))
    key = f"pf:most-commented:{community_version}:{thread.community_id}"
    top = cache.get(key)
    if top is None:
        top = list(
            Thread.objects.listed()
            .filter(community_id=thread.community_id)
            .most_commented()
            .values("pk", "title", "slug", "reply_count")[: SIDEBAR_SIZE + 1]
        )
        cache.set(key, top, SIDEBAR_SECONDS)
    return [Thread(**item) for item in top if item["pk"] != thread.pk][:SIDEBAR_SIZE]
