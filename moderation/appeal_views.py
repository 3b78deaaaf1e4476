"""A member's own pages about moderators' decisions on them: their suspension and
appeal (moderation.suspensions), and their warnings (moderation.warnings)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import ratelimit
from accounts.views import posted
from moderation import suspensions
from moderation import warnings as member_warnings
from moderation.forms import _PlainForm


class AppealForm(_PlainForm):
    text = forms.CharField(
        label=gettext_lazy("Why should the moderators think again?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Only the moderators read it. They answer by email, with their reason."
        ),
        error_messages={"required": gettext_lazy("Please write your appeal.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def suspension(request):
    """The member's suspension (end, reason) and their appeals with the answers."""
    user = request.user
    appeals = list(user.suspension_appeals.select_related("answered_by")[:10])
    has_open = any(appeal.status == suspensions.Status.OPEN for appeal in appeals)
    form = AppealForm(posted(request))
    status = 200
    if request.method == "POST":
        ratelimit.hit(request, "report")
        status = 400
        if form.is_valid():
            try:
                suspensions.appeal_create(member=user, text=form.cleaned_data["text"])
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                messages.success(
                    request, _("Your appeal is with the moderators. They will answer by email.")
                )
                return redirect("moderation:suspension")
    context = {"form": form, "appeals": appeals, "has_open": has_open}
    return render(request, "moderation/suspension.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def warnings(request):
    """The member's warnings from the moderators; reading them takes the banner away."""
    if request.method == "POST":
        member_warnings.warnings_acknowledge(member=request.user)
        messages.success(request, _("Thank you. The warning stays listed here."))
        return redirect("moderation:warnings")
    shown = list(request.user.warnings.select_related("post__thread").order_by("-created_at")[:20])
    return render(
        request,
        "moderation/warnings.html",
        {"warnings": shown, "pending": request.user.warning_pending_at is not None},
    )
