from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from moderation import permissions, services
from moderation.forms import VerificationRequestForm
from moderation.models import ClinicianVerification


@login_required
@require_http_methods(["GET", "POST"])
def verification(request):
    """The member's own verification requests and, when they may send one, the form."""
    refusal = permissions.verification_request_refusal(request.user)
    form = VerificationRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if refusal:
            # Keep what was typed, and say why it cannot be sent now.
            form.is_valid()
            form.add_error(None, refusal)
            status = 403
        elif form.is_valid():
            try:
                services.verification_request_create(
                    applicant=request.user, **form.cleaned_data
                )
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    "Your request has been sent. A moderator will review it and you "
                    "will get an email with the decision.",
                )
                return redirect("moderation:verification")
        else:
            status = 400
    requests = list(
        ClinicianVerification.objects.filter(applicant=request.user).order_by(
            "-created_at", "-id"
        )
    )
    current_approval = None
    if request.user.is_clinician:
        current_approval = next(
            (r for r in requests if r.status == ClinicianVerification.Status.APPROVED),
            None,
        )
    return render(
        request,
        "moderation/verification.html",
        {
            "form": form if form.is_bound or not refusal else None,
            "refusal": refusal,
            "requests": requests,
            "current_approval": current_approval,
        },
        status=status,
    )


@login_required
@require_POST
def verification_withdraw(request, pk):
    # Another member's request is "not found", not forbidden: even that it exists is
    # private.
    verification = get_object_or_404(
        ClinicianVerification, pk=pk, applicant=request.user
    )
    if permissions.can_withdraw_verification(request.user, verification):
        services.verification_withdraw(
            applicant=request.user, verification=verification
        )
        messages.success(request, "Your request has been withdrawn.")
    else:
        messages.error(request, "This request has already been decided.")
    return redirect("moderation:verification")
