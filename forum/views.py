import copy
import re
from html import unescape

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import OperationalError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_http_methods

from accounts import ratelimit
from accounts.views import posted
from forum import forms, pagecache, permissions, postrender, reactions, readerpage, services
from forum.forms import PostEditForm, ReplyForm, ThreadForm
from forum.models import Community, Post, Thread
from forum.pagination import Page, page_number

HOME_LIST_SIZE = 10
# A write the database refused (locked past the busy timeout, connection lost): the form
# comes back with everything typed in it, and the member sends it again.
DATABASE_BUSY = (
    "The forum could not save this just now. Your text is kept below: please send it "
    "again in a moment."
)
RETRY_AFTER_SECONDS = "10"


def _retry_later(response):
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


SIDEBAR_SIZE = 5
# Sidebars are keyed by their community's version: the timeout only frees memory.
SIDEBAR_SECONDS = 3600


@pagecache.reads()
@pagecache.for_visitors(lambda: pagecache.SITE)
@readerpage.shared_for_members(lambda: [pagecache.SITE])
def home(request):
    threads = Thread.objects.visible_to(request.user).listed().with_list_data()
    return render(
        request,
        "forum/home.html",
        {
            "communities": Community.objects.visible_to(request.user),
            "latest_threads": threads.latest()[:HOME_LIST_SIZE],
            "most_commented": threads.most_commented()[:SIDEBAR_SIZE],
            "expert_answered": threads.filter(has_expert_answer=True).latest()[:SIDEBAR_SIZE],
            "waiting_for_expert": threads.waiting_for_expert()[:SIDEBAR_SIZE],
            # The lists above are lazy: read only when the members' fragment is stale.
            "fragment_key": pagecache.fragment_key(pagecache.SITE, request),
            "fragment_seconds": settings.PAGE_CACHE_SECONDS,
        },
    )


def _community_reader_context(request, data) -> dict:
    community = data["community"]
    return {
        "community": community,
        "can_start_thread": permissions.can_start_thread(request.user, community),
    }


@pagecache.reads("page", "expert")
@pagecache.for_visitors(pagecache.community_key)
@readerpage.shared_for_members(
    lambda slug: [pagecache.community_key(slug)], reader_context=_community_reader_context
)
def community(request, slug):
    community = get_object_or_404(Community, slug=slug)
    permissions.check_can_view_community(request.user, community)
    if readerpage.is_building(request):
        readerpage.keep(request, community=community)
    per_page = settings.FORUM_THREADS_PER_PAGE
    threads = Thread.objects.visible_to(request.user).listed().for_community_page(community)
    expert_only = request.GET.get("expert") == "1"
    if expert_only:
        threads = threads.filter(has_expert_answer=True)
        total = threads.count()
    else:
        total = community.thread_count
    page = Page.of(page_number(request), total=total, per_page=per_page)
    start = (page.number - 1) * per_page
    threads = threads.select_related("author")[start : start + per_page]
    return render(
        request,
        "forum/community.html",
        {
            "community": community,
            "threads": threads,
            "page": page,
            "total": total,
            "expert_only": expert_only,
            "can_start_thread": permissions.can_start_thread(request.user, community),
            "fragment_key": pagecache.fragment_key(pagecache.community_key(slug), request),
            "fragment_seconds": settings.PAGE_CACHE_SECONDS,
        },
    )


def _thread_page(request, thread, *, reply_form=None, status=200):
    per_page = settings.FORUM_REPLIES_PER_PAGE
    page = Page.of(page_number(request), total=thread.last_post_number - 1, per_page=per_page)
    # A members' shared copy shows what any member sees: no one's posts awaiting review.
    building = readerpage.is_building(request)
    reader = None if building else request.user
    # The text is only needed for posts whose article is not cached (forum.postrender).
    posts = (
        Post.objects.filter(thread=thread)
        .readable_in_thread_by(reader)
        .with_authors()
        .defer("body", "body_html")
    )
    shown = list(posts.opening_and_page_of_replies(page=page.number, per_page=per_page))
    opening = shown[0] if shown and shown[0].number == 1 else None
    for post in shown:
        post.thread = thread  # already loaded: no query per post
    if building:
        html = postrender.posts_skeleton(shown)
        kept = _shared_thread(thread)
        readerpage.keep(request, thread=kept, posts=_footer_posts(kept, shown))
        reader_parts = {}
    else:
        reactions.discussion_state(request.user, thread, shown)
        html = postrender.posts_html(request, shown)
        reader_parts = _reply_context(request, thread, reply_form)
    opening_html = html.pop(0) if opening is not None else None
    description = _excerpt(opening_html) if opening_html else ""
    first_expert_answer = None
    if thread.has_expert_answer:
        first_expert_answer = (
            Post.objects.filter(thread=thread, is_hidden=False)
            .expert_answers()
            .order_by("number")
            .only("pk", "number")
            .first()
        )
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "community": thread.community,
            "opening_html": opening_html,
            "description": description,
            "replies_html": html,
            "page": page,
            "most_commented": _most_commented(thread),
            "first_expert_answer": first_expert_answer,
            "is_moderator": permissions.is_moderator(request.user),
            **reader_parts,
        },
        status=status,
    )


def _reply_context(request, thread, reply_form=None) -> dict:
    """What the reply box (forum/_reply_box.html) needs for this reader."""
    can_reply = permissions.can_reply(request.user, thread)
    if can_reply and reply_form is None:
        reply_form = _reply_form(request)
    return {
        "can_reply": can_reply,
        "reply_form": reply_form,
        "reply_form_html": forms.rendered(reply_form) if reply_form else "",
        "needs_confirmation": request.user.is_authenticated
        and not permissions.has_confirmed_email(request.user),
    }


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


def _shared_thread(thread) -> Thread:
    """The discussion as a shared copy keeps it: with its community, without its
    author's record."""
    kept = copy.copy(thread)
    kept._state = copy.copy(thread._state)
    kept._state.fields_cache = {"community": thread.community}
    return kept


def _footer_posts(thread, posts: list[Post]) -> list[Post]:
    """What each post's footer needs, and nothing else (no text, no author record)."""
    slim = []
    for post in posts:
        footer_post = Post(
            pk=post.pk,
            thread_id=thread.pk,
            author_id=post.author_id,
            number=post.number,
            is_hidden=post.is_hidden,
            is_awaiting_review=post.is_awaiting_review,
            is_expert_answer=post.is_expert_answer,
        )
        footer_post.thread = thread
        slim.append(footer_post)
    return slim


def _thread_reader_context(request, data) -> dict | None:
    """A member's own parts of a discussion page served from its shared copy."""
    thread, posts = data["thread"], data["posts"]
    if not permissions.can_view_thread(request.user, thread):
        return None  # the full view answers (404)
    reactions.discussion_state(request.user, thread, posts)
    if thread.reader_has_held_posts:
        return None  # their posts awaiting review are shown to them: the full view
    return {
        "thread": thread,
        "post_actions": postrender.footers(request, posts),
        **_reply_context(request, thread),
    }


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
            .only("pk", "title", "slug", "reply_count")[: SIDEBAR_SIZE + 1]
        )
        cache.set(key, top, SIDEBAR_SECONDS)
    return [item for item in top if item.pk != thread.pk][:SIDEBAR_SIZE]


def _reply_form(request, data=None):
    return ReplyForm(
        data,
        can_post_expert_answer=permissions.can_post_expert_answer(request.user),
    )


def _get_thread(request, pk):
    return permissions.visible_thread_or_404(
        request.user, pk, Thread.objects.select_related("community", "author")
    )


@pagecache.reads("page")
@pagecache.for_visitors(lambda pk, slug: pagecache.thread_key(pk))
@readerpage.shared_for_members(
    lambda pk, slug: [pagecache.thread_key(pk)], reader_context=_thread_reader_context
)
def thread(request, pk, slug):
    thread = _get_thread(request, pk)
    if slug != thread.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(thread.get_absolute_url() + query, permanent=True)
    return _thread_page(request, thread)


@login_required
@require_http_methods(["GET", "POST"])
def thread_new(request, slug):
    community = get_object_or_404(Community, slug=slug)
    permissions.check_can_start_thread(request.user, community)
    form = ThreadForm(posted(request))
    if request.method == "POST":
        ratelimit.hit(request, "thread")
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                author=request.user,
                community=community,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                wants_expert=form.cleaned_data["wants_expert"],
            )
        except OperationalError:
            form.add_error(None, DATABASE_BUSY)
            status = 503
        else:
            messages.success(request, "Your discussion has been posted.")
            return redirect(thread)
    response = render(
        request, "forum/thread_new.html", {"community": community, "form": form}, status=status
    )
    return _retry_later(response) if status == 503 else response


@login_required
@require_http_methods(["GET", "POST"])
def reply(request, pk):
    thread = _get_thread(request, pk)
    if request.method == "GET":
        # Where the sign-in page sends a visitor back to: the discussion's reply form.
        return redirect(thread.get_absolute_url() + "#reply")
    ratelimit.hit(request, "reply")
    form = _reply_form(request, request.POST)
    refusal = permissions.reply_refusal(request.user, thread)
    if refusal:
        # Keep what was typed: the member can copy it elsewhere.
        form.is_valid()
        form.add_error(None, refusal)
        return _thread_page(request, thread, reply_form=form, status=403)
    if form.is_valid():
        try:
            post = services.reply_create(
                author=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                expert=form.cleaned_data.get("expert", False),
            )
        except OperationalError:
            form.add_error(None, DATABASE_BUSY)
            return _retry_later(_thread_page(request, thread, reply_form=form, status=503))
        messages.success(request, "Your reply has been posted.")
        return redirect(post.get_absolute_url())
    return _thread_page(request, thread, reply_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community")
    )
    permissions.check_can_edit_post(request.user, post)
    initial = {"body": post.body, "title": post.thread.title, "version": post.version}
    form = PostEditForm(posted(request), initial=initial, with_title=post.is_opening)
    if request.method == "POST":
        ratelimit.hit(request, "edit")
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                editor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict as conflict:
            form.add_error(None, conflict)
            status = 409
        except OperationalError:
            form.add_error(None, DATABASE_BUSY)
            status = 503
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect(post.get_absolute_url())
    response = render(request, "forum/post_edit.html", {"post": post, "form": form}, status=status)
    return _retry_later(response) if status == 503 else response
