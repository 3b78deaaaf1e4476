from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import OperationalError
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from accounts.views import posted
from forum import (
    crisis,
    draft_views,
    drafts,
    markup,
    pagecache,
    pages,
    permissions,
    personal_data,
    postrender,
    quoting,
    readstate,
    services,
    withdrawal,
)
from forum.forms import EVERYONE, MEMBERS, PostEditForm, ReplyForm, ThreadForm
from forum.models import Community, Post, Thread

# A write the database refused (locked past the busy timeout, connection lost): the form
# comes back with everything typed in it, and the member sends it again.
DATABASE_BUSY = gettext_lazy(
    "The forum could not save this just now. Your text is kept below: please send it "
    "again in a moment."
)
RETRY_AFTER_SECONDS = "10"


def _retry_later(response):
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def home(request):
    return pages.HOME.serve(request)


def community(request, slug):
    return pages.COMMUNITY.serve(request, slug=slug)


def thread(request, pk, slug):
    return pages.THREAD.serve(request, pk=pk, slug=slug)


@require_http_methods(["GET", "HEAD"])
def thread_unread(request, pk):
    """A member's link from a list: the page and anchor of their first unread post."""
    thread = _get_thread(request, pk)
    return redirect(readstate.first_unread_url(request.user, thread))


@require_http_methods(["GET", "HEAD"])
def post_permalink(request, pk):
    """A post's own address: its page and anchor in the discussion, for whoever may read
    its text there (the one rule of permissions.visible_post_or_404: held and hidden
    posts answer as missing ones do)."""
    post = permissions.visible_post_or_404(request.user, pk, Post.objects.select_related("thread"))
    return redirect(post.get_absolute_url())


@login_required
@require_http_methods(["GET", "HEAD"])
def post_quote(request, pk):
    """A post's Quote action: its discussion, at the post's page, with the reply box
    holding the quote (and focused, so the browser takes the reader to it)."""
    post = permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community", "author")
    )
    thread = post.thread
    refusal = permissions.reply_refusal(request.user, thread)
    if refusal:
        messages.error(request, refusal)
        return redirect(post.get_absolute_url())
    form = _reply_form(request)
    form.initial = {"body": quoting.quote_markdown(post, request.GET.get("selection", ""))}
    form.fields["body"].widget.attrs["autofocus"] = True
    request.GET = QueryDict(post.page_query().lstrip("?"))
    return _thread_page(request, thread, reply_form=form, status=200)


@login_required
@require_http_methods(["GET", "HEAD"])
def post_history(request, pk):
    """A post's earlier versions: for its author and the moderators only (anyone else,
    even a member who reads the post, is answered as if the page did not exist)."""
    post = permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community", "author")
    )
    permissions.check_can_see_history(request.user, post)
    revisions = post.revisions.select_related("replaced_by").order_by("-number")
    return render(request, "forum/post_history.html", {"post": post, "revisions": revisions})


@require_http_methods(["GET", "HEAD"])
def post_print(request, pk):
    """One answer with its question, ready to print for a doctor (an expert answer's
    "Print" action): the same articles as the discussion shows."""
    post = permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community", "author")
    )
    thread = post.thread
    posts = list(
        Post.objects.filter(thread=thread, number__in={1, post.number}).select_related("author")
    )
    for each in posts:
        each.thread = thread
    shows_hidden = permissions.is_moderator(request.user)
    html = postrender.articles(posts, shows_hidden=shows_hidden)
    # Printed on purpose: a post behind a content warning is printed open.
    by_number = {
        each.number: html[each.pk].replace(pagecache.FOLDED, pagecache.UNFOLDED) for each in posts
    }
    return render(
        request,
        "forum/post_print.html",
        {
            "post": post,
            "thread": thread,
            "question_html": mark_safe(by_number[1]),  # noqa: S308 (forum.postrender's)
            "answer_html": mark_safe(by_number[post.number]) if post.number > 1 else "",  # noqa: S308
            "printed_at": timezone.now(),
        },
    )


def _thread_page(request, thread, *, reply_form, status, look=None):
    """The discussion with the reply form sent back, its errors (or the second look
    before posting) shown next to it."""
    extra = {"reply_form": reply_form, **(look or {})}
    return pages.THREAD.serve(request, status=status, extra=extra, pk=thread.pk, slug=thread.slug)


SENT_TO_MODERATORS = gettext_lazy(
    "Your message went to the moderators only: a volunteer will read it soon. Nobody else "
    "can see it."
)


def _second_look(request, *texts: str) -> dict:
    """What the writer sees before anything is posted: support first when the text may
    signal a crisis (forum.crisis), then what the personal-data check found. Empty when
    it can be posted."""
    help_lines = crisis.review(request, *texts)
    if help_lines:
        return {"crisis_help": help_lines}
    if request.POST.get(crisis.TO_MODERATORS) == "1":
        return {}  # for the moderators only: nothing of it is made public
    personal = personal_data.review(request, *texts)
    if personal:
        return {
            "personal_data": personal,
            "crisis_chosen": request.POST.get(crisis.POST_IT) == "1",
        }
    return {}


def _reply_form(request, data=None):
    return ReplyForm(
        data,
        can_post_expert_answer=permissions.can_post_expert_answer(request.user),
    )


def _get_thread(request, pk):
    return permissions.visible_thread_or_404(
        request.user, pk, Thread.objects.select_related("community", "author")
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread_new(request, slug):
    community = get_object_or_404(Community, slug=slug)
    permissions.check_can_start_thread(request.user, community)
    draft = (
        None if request.method == "POST" else drafts.draft_for(request.user, community=community)
    )
    initial = None
    if draft:
        audience = MEMBERS if draft.members_only else EVERYONE
        initial = {"title": draft.title, "body": draft.body, "audience": audience}
    form = ThreadForm(
        posted(request),
        initial=initial,
        in_public_community=community.is_public,
        experts_answer=community.experts_answer,
    )
    if request.method == "POST":
        ratelimit.hit(request, "thread")
    status = 400 if form.is_bound else 200
    look = {}
    if request.method == "POST" and form.is_valid():
        texts = (form.cleaned_data["title"], form.cleaned_data["body"])
        look = _second_look(request, *texts)
    if look:
        status = 200  # nothing wrong: a second look before it is posted
    elif request.method == "POST" and form.is_valid():
        held, flagged = crisis.choice(request, *texts)
        try:
            thread = services.thread_create(
                author=request.user,
                community=community,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                wants_expert=form.cleaned_data.get("wants_expert", False),
                content_warning=form.cleaned_data["content_warning"],
                hold=held,
                crisis=flagged,
                members_only=form.members_only(),
            )
        except OperationalError:
            form.add_error(None, DATABASE_BUSY)
            status = 503
        else:
            messages.success(
                request, SENT_TO_MODERATORS if held else _("Your discussion has been posted.")
            )
            return redirect(thread)
    context = {"community": community, "form": form, "public": community.is_public, **look}
    response = render(request, "forum/thread_new.html", context, status=status)
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
    if form.is_valid() and (look := _second_look(request, form.cleaned_data["body"])):
        return _thread_page(request, thread, reply_form=form, status=200, look=look)
    if form.is_valid():
        held, flagged = crisis.choice(request, form.cleaned_data["body"])
        try:
            post = services.reply_create(
                author=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                expert=form.cleaned_data.get("expert", False),
                content_warning=form.cleaned_data["content_warning"],
                hold=held,
                crisis=flagged,
            )
        except OperationalError:
            form.add_error(None, DATABASE_BUSY)
            return _retry_later(_thread_page(request, thread, reply_form=form, status=503))
        messages.success(request, SENT_TO_MODERATORS if held else _("Your reply has been posted."))
        return redirect(post.get_absolute_url())
    return _thread_page(request, thread, reply_form=form, status=400)


@login_required
@require_POST
def reply_preview(request, pk):
    """The reply box's Preview: the text rendered as it would be posted (through the one
    markup module), above the box still holding it; JSON for the live preview."""
    thread = _get_thread(request, pk)
    form = _reply_form(request, request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    preview = mark_safe(markup.render(body, author_id=request.user.pk).html) if body else ""  # noqa: S308 (nh3-sanitised)
    if draft_views.wants_json(request):
        errors = [str(error) for errors in form.errors.values() for error in errors]
        body = form.cleaned_data.get("body", "") if preview else ""
        # The personal-data check's findings, for the warning shown while typing: the
        # same rules as on sending (the excerpts are escaped, with <mark> only).
        found = [
            {"label": finding.label, "excerpt": personal_data.excerpt(body, finding)}
            for finding in personal_data.find(body)
        ]
        return JsonResponse(
            {"html": preview, "errors": errors, "personal_data": found},
            status=200 if preview else 400,
        )
    return pages.THREAD.serve(
        request,
        status=200 if preview else 400,
        extra={"reply_form": form, "reply_preview": preview},
        pk=thread.pk,
        slug=thread.slug,
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community")
    )
    permissions.check_can_edit_post(request.user, post)
    initial = {
        "body": post.body,
        "title": post.thread.title,
        "version": post.version,
        "content_warning": post.content_warning,
    }
    form = PostEditForm(posted(request), initial=initial, with_title=post.is_opening)
    if request.method == "POST":
        ratelimit.hit(request, "edit")
    status = 400 if form.is_bound else 200
    look = {}
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data.get("title") if post.is_opening else ""
        texts = (title, form.cleaned_data["body"])
        look = _second_look(request, *texts)
    if look:
        status = 200
    elif request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                editor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
                expected_version=form.cleaned_data["version"],
                content_warning=form.cleaned_data["content_warning"],
                crisis=crisis.choice(request, *texts)[1],
            )
        except services.EditConflict as conflict:
            form.add_error(None, conflict)
            status = 409
        except OperationalError:
            form.add_error(None, DATABASE_BUSY)
            status = 503
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(post.get_absolute_url())
    context = {
        "post": post,
        "form": form,
        "public": post.thread.community.is_public,
        "crisis_published": True,  # already public: no "moderators only" for an edit
        **look,
    }
    response = render(request, "forum/post_edit.html", context, status=status)
    return _retry_later(response) if status == 503 else response


WITHDRAWN_MESSAGES = {
    withdrawal.Withdrawn.REPLY: gettext_lazy(
        "Your reply was withdrawn: in its place the discussion now says it was withdrawn "
        "by its author."
    ),
    withdrawal.Withdrawn.OPENING_POST: gettext_lazy(
        "Your post was withdrawn. The discussion stays for the replies others wrote; "
        "your text is no longer shown."
    ),
    withdrawal.Withdrawn.DISCUSSION: gettext_lazy(
        "Your discussion was withdrawn: nobody can read it any more."
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def post_withdraw(request, pk):
    """The author takes a post back: a page that says what will happen, then a button."""
    post = permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community")
    )
    permissions.check_can_withdraw_post(request.user, post)
    if request.method == "POST":
        try:
            result = withdrawal.post_withdraw(author=request.user, post=post)
        except OperationalError:
            messages.error(request, DATABASE_BUSY)
            return _retry_later(redirect(request.path))
        messages.success(request, WITHDRAWN_MESSAGES[result])
        if result is withdrawal.Withdrawn.DISCUSSION:
            return redirect(post.thread.community)
        return redirect(post.get_absolute_url())
    context = {
        "post": post,
        "outcome": withdrawal.outcome(post),
        "keep_days": settings.FORUM_WITHDRAWN_KEEP_DAYS,
    }
    return render(request, "forum/post_withdraw.html", context)
