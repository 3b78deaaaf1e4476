"""A member's pages: their profile, their settings, the discussions they follow and the
posts they saved."""

from html import unescape

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.comfort import Comfort
from accounts.preference_forms import BreakForm, ComfortForm, PreferencesForm
from accounts.views import posted
from forum import bookmarks, members, personal_data, profile_page, readstate
from forum.forms import ProfileSettingsForm
from forum.models import Community, Thread, ThreadFollow
from forum.pagination import Page, page_number


def profile(request, pk):
    return profile_page.PROFILE.serve(request, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    user = request.user
    initial = {
        "display_name": user.display_name,
        "bio": user.bio,
        "profile_is_public": user.profile_is_public,
        "shows_communities": user.shows_communities,
        "communities": Community.objects.filter(follows__user=user),
        "language": user.language,
        "unfolds_content_warnings": user.unfolds_content_warnings,
    }
    form = ProfileSettingsForm(posted(request), initial=initial, user=user)
    status = 400 if form.is_bound else 200
    personal = []
    if request.method == "POST" and form.is_valid():
        # The bio is checked like a post: read by members, or by anyone if public.
        personal = personal_data.review(request, form.cleaned_data["bio"])
        if not personal:
            members.member_profile_update(user=user, **form.cleaned_data)
            messages.success(request, _("Your settings have been saved."))
            return redirect("forum:settings")
        status = 200
    context = {
        "form": form,
        "personal_data": personal,
        "public": form.is_valid() and form.cleaned_data["profile_is_public"],
        "two_factor": is_mfa_enabled(user),
        # Each saved by its own view in accounts (preference_views), which comes back here.
        "time_form": PreferencesForm(initial=PreferencesForm.initial_for(user)),
        "comfort_form": ComfortForm(initial=ComfortForm.initial_for(Comfort.of_member(user))),
        "break_form": BreakForm(),
    }
    return render(request, "forum/settings.html", context, status=status)


FOLLOWING_PER_PAGE = 25


@login_required
def following(request):
    """The discussions the member watches, newest activity first, with what is new."""
    threads = (
        Thread.objects.visible_to(request.user)
        .filter(follows__user=request.user, follows__level=ThreadFollow.Level.WATCHING)
        .latest()
    )
    page = Page.of(page_number(request.GET), total=threads.count(), per_page=FOLLOWING_PER_PAGE)
    start = (page.number - 1) * FOLLOWING_PER_PAGE
    shown = list(threads.with_list_data()[start : start + FOLLOWING_PER_PAGE])
    return render(
        request,
        "forum/following.html",
        {"threads": shown, "page": page, "marks": _list_marks(request.user, shown)},
    )


SAVED_PER_PAGE = 20
EXCERPT_WORDS = 40


@login_required
def saved(request):
    """The posts the member saved, most recently saved first: expert answers stand out."""
    saved_posts = bookmarks.saved_posts(request.user)
    page = Page.of(page_number(request.GET), total=saved_posts.count(), per_page=SAVED_PER_PAGE)
    start = (page.number - 1) * SAVED_PER_PAGE
    shown = list(saved_posts[start : start + SAVED_PER_PAGE])
    for bookmark in shown:
        text = unescape(strip_tags(bookmark.post.body_html))
        bookmark.excerpt = Truncator(" ".join(text.split())).words(EXCERPT_WORDS)
    return render(request, "forum/saved.html", {"bookmarks": shown, "page": page})


def _list_marks(user, threads) -> dict:
    return {"thread-state": readstate.list_marks(user, readstate.row_facts(threads))}
