"""A member's pages: their profile, their settings, and the questions waiting for an
expert (for clinicians)."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.views import posted
from forum import members, pagecache, readerpage
from forum.forms import ProfileSettingsForm
from forum.models import Community, Post, Thread
from forum.pagination import Page, page_number

PROFILE_POSTS_PER_PAGE = 20


# Visitors' and members' copies: a member's profile changes with their posts and
# settings, and every such write bumps the site's version. Their own profile shows them
# their posts awaiting review and a link to their settings: never shared.
@pagecache.reads("page")
@pagecache.for_visitors(lambda pk: pagecache.SITE)
@readerpage.shared_for_members(
    lambda pk: [pagecache.SITE], shares=lambda request, pk: request.user.pk != pk
)
def profile(request, pk):
    member = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    if not member.profile_is_public and not request.user.is_authenticated:
        return render(request, "forum/profile_private.html", {"member": member}, status=403)
    posts = (
        Post.objects.visible_to(request.user)
        .filter(author=member, thread__is_hidden=False)
        .order_by("-created_at", "-id")
    )
    page = Page.of(page_number(request), total=posts.count(), per_page=PROFILE_POSTS_PER_PAGE)
    start = (page.number - 1) * PROFILE_POSTS_PER_PAGE
    return render(
        request,
        "forum/profile.html",
        {
            "member": member,
            "posts": posts.select_related("thread", "thread__community")[
                start : start + PROFILE_POSTS_PER_PAGE
            ],
            "page": page,
            # The communities a member follows say which conditions they live with:
            # shown to others only if the member chose so.
            "shows_communities": member.shows_communities or member == request.user,
            "communities": Community.objects.visible_to(request.user).filter(follows__user=member),
        },
    )


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
    }
    form = ProfileSettingsForm(posted(request), initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        members.member_profile_update(user=user, **form.cleaned_data)
        messages.success(request, "Your settings have been saved.")
        return redirect("forum:settings")
    status = 400 if form.is_bound else 200
    context = {"form": form, "two_factor": is_mfa_enabled(user)}
    return render(request, "forum/settings.html", context, status=status)


@login_required
def waiting_for_expert(request):
    """Questions that asked for an expert and have no expert answer yet, oldest first."""
    threads = Thread.objects.visible_to(request.user).listed().waiting_for_expert()
    followed_only = request.GET.get("followed") == "1"
    if followed_only:
        threads = threads.filter(community__follows__user=request.user)
    return render(
        request,
        "forum/waiting_for_expert.html",
        {
            "threads": threads.with_list_data()[:100],
            "followed_only": followed_only,
            "is_clinician": request.user.is_clinician,
        },
    )
