"""Following, muting and blocking from a member's profile, and the page that lists them
with the choice of who may send private messages."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit, relations
from accounts.models import MemberRelation, User
from accounts.views import _safe_next, posted

Kind = MemberRelation.Kind
DONE = {
    (Kind.FOLLOW, True): gettext_lazy("You follow %(name)s."),
    (Kind.FOLLOW, False): gettext_lazy("You no longer follow %(name)s."),
    (Kind.MUTE, True): gettext_lazy(
        "You muted %(name)s: you will not be notified of what they do. They are not told."
    ),
    (Kind.MUTE, False): gettext_lazy("You unmuted %(name)s."),
    (Kind.BLOCK, True): gettext_lazy(
        "You blocked %(name)s: they cannot send you messages or mention you, their posts "
        "are folded for you and you will not be notified of what they do. They are not told."
    ),
    (Kind.BLOCK, False): gettext_lazy("You unblocked %(name)s."),
}


@login_required
@require_POST
def relation(request, pk, kind):
    if kind not in Kind.values:
        raise Http404
    other = get_object_or_404(User, pk=pk, is_active=True)
    if other.pk == request.user.pk:
        raise Http404
    ratelimit.hit(request, "relation")
    on = request.POST.get("on") == "1"
    relations.relation_set(owner=request.user, other=other, kind=kind, on=on)
    messages.success(request, DONE[(kind, on)] % {"name": other.display_name})
    return redirect(_safe_next(request, other.get_absolute_url()))


class MessagesFromForm(forms.Form):
    messages_from = forms.ChoiceField(
        label=gettext_lazy("Who may start a private conversation with you"),
        choices=User.MessagesFrom.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Clinicians and moderators included. Members you blocked can never write to you."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def people(request):
    """Who may write to the member, and the members they follow, muted and blocked."""
    user = request.user
    form = MessagesFromForm(posted(request), initial={"messages_from": user.messages_from})
    if request.method == "POST" and form.is_valid():
        user.messages_from = form.cleaned_data["messages_from"]
        user.save(update_fields=["messages_from"])
        messages.success(request, _("Your choice has been saved."))
        return redirect("accounts:people")
    context = {
        "form": form,
        "lists": [
            (
                Kind.BLOCK,
                _("Members you blocked"),
                _("Unblock"),
                relations.listed(user, Kind.BLOCK),
            ),
            (Kind.MUTE, _("Members you muted"), _("Unmute"), relations.listed(user, Kind.MUTE)),
            (
                Kind.FOLLOW,
                _("Members you follow"),
                _("Unfollow"),
                relations.listed(user, Kind.FOLLOW),
            ),
        ],
    }
    return render(request, "account/people.html", context, status=400 if form.errors else 200)
