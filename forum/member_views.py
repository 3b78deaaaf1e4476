"""A member's pages: their profile, their settings, and the questions waiting for an
expert (for clinicians)."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.comfort import Comfort
from accounts.preference_forms import BreakForm, ComfortForm, PreferencesForm
from accounts.views import posted
from forum import members, pages
from forum.forms import ProfileSettingsForm
from forum.models import Community, Thread


def profile(request, pk):
    return pages.PROFILE.serve(request, pk=pk)


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
        messages.success(request, _("Your settings have been saved."))
        return redirect("forum:settings")
    status = 400 if form.is_bound else 200
    context = {
        "form": form,
        "two_factor": is_mfa_enabled(user),
        # Each saved by its own view in accounts (preference_views), which comes back here.
        "time_form": PreferencesForm(initial=PreferencesForm.initial_for(user)),
        "comfort_form": ComfortForm(initial=ComfortForm.initial_for(Comfort.of_member(user))),
        "break_form": BreakForm(),
    }
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
