"""Moderators' words to a member: a suspended member's page and appeal
(moderation.suspensions), their warnings (moderation.warnings), the caring messages
they received, and the page where a moderator writes one (moderation.outreach)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import ratelimit
from accounts.views import posted
from forum import crisis
from forum import permissions as forum_permissions
from forum.models import Post
from moderation import outreach, suspensions, workspace
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


@login_required
def messages_from_moderators(request):
    """The caring messages the moderators sent the member, with the help lines."""
    shown = list(request.user.outreach_received.order_by("-created_at")[:20])
    return render(request, "moderation/messages.html", {"outreach": shown})


class ReachOutForm(_PlainForm):
    text = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "The help lines for the member's country are added below it. It is sent in the "
            "app and by email: never quote their post."
        ),
        error_messages={"required": gettext_lazy("Write the message: the member reads it.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reach_out(request, pk):
    """A moderator writes to a post's author who may be at risk (moderation.outreach)."""
    forum_permissions.check_can_moderate(request.user)
    post = forum_permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread", "author")
    )
    if post.author is None:
        raise Http404("The author has left.")
    form = ReachOutForm(posted(request), initial={"text": outreach.words(outreach.Kind.REACH_OUT)})
    if request.method == "POST" and form.is_valid():
        outreach.member_reach_out(moderator=request.user, post=post, text=form.cleaned_data["text"])
        messages.success(
            request,
            _("Your message is on its way to %(name)s.") % {"name": post.author.display_name},
        )
        return (
            redirect("admin:moderation_reportedpost_change", post.pk)
            if post.reports.exists()
            else redirect(post.get_absolute_url())
        )
    context = {"post": post, "form": form, "help_lines": crisis.help_lines(post.author)}
    return render(
        request, "moderation/reach_out.html", context, status=400 if form.is_bound else 200
    )


@login_required
@require_POST
def duty(request):
    """A moderator goes on or off duty, from the moderation home."""
    on_duty = request.POST.get("on_duty") == "1"
    workspace.moderator_duty_set(moderator=request.user, on_duty=on_duty)
    if on_duty:
        messages.success(
            request, _("You are on duty: reports of a risk of self-harm reach you at once.")
        )
    else:
        messages.success(
            request, _("You are off duty: urgent alerts go to the moderators on duty.")
        )
    return redirect("admin:index")
