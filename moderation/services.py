"""Every write in moderation. The member pages, the admin and the `clinician_rechecks`
command all call these, so each decision is checked, applied and logged the same way.

Clinician status lives on the member (accounts.User) and changes only here. After each
change, `forum.services.expert_answers_refresh` re-derives which discussions still
have a current expert answer. Where a member and one of their requests are both
locked, the member is locked first, so two writes never wait on each other in
opposite order.
"""

from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from forum import services as forum_services
from moderation import actions, events, permissions
from moderation.models import (
    ClinicianReviewReminder,
    ClinicianVerification,
    ModerationAction,
)

Status = ClinicianVerification.Status
Action = ModerationAction.Action


def _letter(*, to: User, letter: str, reason: str = "", review_due=None) -> None:
    actions.tell_member(to, letter, reason, review_due=review_due)


def _announce_decision(verification: ClinicianVerification) -> None:
    """Tell other apps (notifications) once the decision is committed."""
    transaction.on_commit(
        partial(
            events.verification_decided.send,
            sender=ClinicianVerification,
            verification_id=verification.pk,
            applicant_id=verification.applicant_id,
            approved=verification.status == Status.APPROVED,
        )
    )


def _log(
    *,
    moderator: User | None,
    action: str,
    target_user: User,
    label: str,
    reason: str = "",
) -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        target_user=target_user,
        target_label=label[:255],
        reason=reason,
    )


REASON_REQUIRED = {
    "rejection": gettext_lazy("Give a reason for the rejection: the member will read it."),
    "revocation": gettext_lazy("Give a reason for the revocation: the member will read it."),
}


def _required_reason(reason: str, *, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED[what])
    return reason


def _lock_member(user_or_pk) -> User:
    # NO KEY UPDATE: the member's id never changes here, so rows that merely point at
    # them (their new posts, log entries naming them) need not wait for this lock.
    pk = getattr(user_or_pk, "pk", user_or_pk)
    return User.objects.select_for_update(no_key=True).get(pk=pk)


def _clear_clinician_status(member: User) -> None:
    # Back to a member like any other: no badge, no title left behind on old answers.
    member.role = User.Role.PATIENT
    member.clinician_profession = ""
    member.clinician_specialty = ""
    member.clinician_verified_at = None
    member.clinician_review_due = None
    member.save(
        update_fields=[
            "role",
            "clinician_profession",
            "clinician_specialty",
            "clinician_verified_at",
            "clinician_review_due",
        ]
    )


@transaction.atomic
def verification_request_create(
    *,
    applicant: User,
    full_name: str,
    profession: str,
    licence_number: str,
    country: str,
    place_of_practice: str,
    specialty: str = "",
    note: str = "",
) -> ClinicianVerification:
    """Ask to be verified as a clinician; one request at a time waits for review."""
    applicant = _lock_member(applicant)
    permissions.check_can_request_verification(applicant)
    verification = ClinicianVerification(
        applicant=applicant,
        full_name=full_name.strip(),
        profession=profession,
        specialty=specialty.strip(),
        licence_number=licence_number.strip(),
        country=country.strip(),
        place_of_practice=place_of_practice.strip(),
        note=note.strip(),
    )
    verification.full_clean(validate_constraints=False)
    try:
        # The database constraint is the last word if two requests race past the check.
        with transaction.atomic():
            verification.save()
    except IntegrityError:
        raise PermissionDenied(permissions.PENDING_REFUSAL) from None
    return verification


@transaction.atomic
def verification_withdraw(
    *, applicant: User, verification: ClinicianVerification
) -> ClinicianVerification:
    """The applicant takes back a request that is still waiting for review."""
    _lock_member(verification.applicant_id)
    verification = ClinicianVerification.objects.select_for_update().get(pk=verification.pk)
    permissions.check_can_withdraw_verification(applicant, verification)
    verification.status = Status.WITHDRAWN
    verification.decided_at = timezone.now()
    verification.save(update_fields=["status", "decided_at"])
    return verification


def _lock_pending_for_decision(
    moderator: User, verification: ClinicianVerification
) -> tuple[User, ClinicianVerification]:
    """Lock the applicant, then their request (the order every service here uses), and
    check the request still waits for a decision this moderator may take."""
    permissions.check_can_review_verifications(moderator)
    applicant = _lock_member(verification.applicant_id)
    verification = ClinicianVerification.objects.select_for_update().get(pk=verification.pk)
    permissions.check_can_decide_verification(moderator, verification)
    if not verification.is_pending:
        status = verification.get_status_display().lower()
        raise ValidationError(
            _("This request was already decided: %(status)s.") % {"status": status}
        )
    verification.applicant = applicant
    return applicant, verification


@transaction.atomic
def verification_approve(
    *, moderator: User, verification: ClinicianVerification
) -> ClinicianVerification:
    """Verify the applicant: the clinician badge and title from the request, a review
    date CLINICIAN_REVIEW_DAYS ahead, a log entry and an email to the applicant."""
    applicant, verification = _lock_pending_for_decision(moderator, verification)
    now = timezone.now()
    verification.status = Status.APPROVED
    verification.decided_by = moderator
    verification.decided_at = now
    verification.save(update_fields=["status", "decided_by", "decided_at"])
    applicant.role = User.Role.CLINICIAN
    applicant.clinician_profession = verification.profession
    applicant.clinician_specialty = verification.specialty
    applicant.clinician_verified_at = now
    applicant.clinician_review_due = timezone.localdate(now) + timedelta(
        days=settings.CLINICIAN_REVIEW_DAYS
    )
    applicant.save(
        update_fields=[
            "role",
            "clinician_profession",
            "clinician_specialty",
            "clinician_verified_at",
            "clinician_review_due",
        ]
    )
    _log(
        moderator=moderator,
        action=Action.VERIFICATION_APPROVED,
        target_user=applicant,
        label=f"Verification request #{verification.pk} from {applicant.display_name} "
        f"({applicant.clinician_title})",
    )
    forum_services.expert_answers_refresh(user=applicant)
    _letter(to=applicant, letter="verification_approved")
    _announce_decision(verification)
    return verification


@transaction.atomic
def verification_reject(
    *, moderator: User, verification: ClinicianVerification, reason: str
) -> ClinicianVerification:
    """Turn a request down with a reason the applicant reads (page and email)."""
    reason = _required_reason(reason, what="rejection")
    applicant, verification = _lock_pending_for_decision(moderator, verification)
    verification.status = Status.REJECTED
    verification.decided_by = moderator
    verification.decided_at = timezone.now()
    verification.decision_reason = reason
    verification.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    _log(
        moderator=moderator,
        action=Action.VERIFICATION_REJECTED,
        target_user=applicant,
        label=f"Verification request #{verification.pk} from {applicant.display_name}",
        reason=reason,
    )
    _letter(to=applicant, letter="verification_rejected", reason=reason)
    _announce_decision(verification)
    return verification


@transaction.atomic
def clinician_revoke(*, moderator: User, user: User, reason: str) -> User:
    """Take a member's clinician status away (badge, title, expert answers)."""
    permissions.check_can_review_verifications(moderator)
    reason = _required_reason(reason, what="revocation")
    member = _lock_member(user)
    if member.role != User.Role.CLINICIAN:
        raise ValidationError(
            _("%(name)s is not a verified clinician.") % {"name": member.display_name}
        )
    title = member.clinician_title
    _clear_clinician_status(member)
    _log(
        moderator=moderator,
        action=Action.CLINICIAN_REVOKED,
        target_user=member,
        label=f"{member.display_name} ({title})" if title else member.display_name,
        reason=reason,
    )
    forum_services.expert_answers_refresh(user=member)
    _letter(to=member, letter="clinician_revoked", reason=reason)
    return member


@transaction.atomic
def clinician_lapse(*, user: User, today: date) -> bool:
    """End the clinician status of a member whose review date has passed; False when
    there is nothing to do (already lapsed, or renewed meanwhile)."""
    member = _lock_member(user)
    due = member.clinician_review_due
    if not (member.is_clinician and due and due < today):
        return False
    title = member.clinician_title
    _clear_clinician_status(member)
    _log(
        moderator=None,
        action=Action.CLINICIAN_LAPSED,
        target_user=member,
        label=f"{member.display_name} ({title})" if title else member.display_name,
        reason=f"The review was due on {due:%Y-%m-%d} and no renewal was approved.",
    )
    forum_services.expert_answers_refresh(user=member)
    _letter(to=member, letter="clinician_lapsed", review_due=due)
    return True


@transaction.atomic
def clinician_review_remind(*, user: User, today: date) -> bool:
    """Remind a clinician that their review date is near, at most once per review
    date. False when none was due (sent before, renewal asked, not in the window)."""
    member = _lock_member(user)
    due = member.clinician_review_due
    window_end = today + timedelta(days=settings.CLINICIAN_REMINDER_DAYS)
    if not (member.is_clinician and due and today <= due <= window_end):
        return False
    if member.clinician_verifications.filter(status=Status.PENDING).exists():
        return False
    _reminder, created = ClinicianReviewReminder.objects.get_or_create(user=member, review_due=due)
    if created:
        _letter(to=member, letter="clinician_review_reminder", review_due=due)
    return created


def clinician_rechecks_run(*, today: date | None = None) -> dict[str, list[User]]:
    """The daily check: lapse clinicians past their review date, remind those whose
    date is within CLINICIAN_REMINDER_DAYS. Safe to run again: nothing is done twice.

    Not one transaction: each member is handled (and committed) on their own, so one
    failure neither undoes nor blocks the others.
    """
    today = today or timezone.localdate()
    clinicians = User.objects.filter(
        role=User.Role.CLINICIAN,
        clinician_verified_at__isnull=False,
        clinician_review_due__isnull=False,
    ).order_by("pk")
    done = {"lapsed": [], "reminded": []}
    for member in clinicians.filter(clinician_review_due__lt=today):
        if clinician_lapse(user=member, today=today):
            done["lapsed"].append(member)
    window_end = today + timedelta(days=settings.CLINICIAN_REMINDER_DAYS)
    soon_due = clinicians.filter(clinician_review_due__range=(today, window_end))
    # Skip those reminded already: a daily run need not lock every clinician each day.
    reminded_before = ClinicianReviewReminder.objects.filter(
        user=OuterRef("pk"), review_due=OuterRef("clinician_review_due")
    )
    for member in soon_due.exclude(Exists(reminded_before)):
        if clinician_review_remind(user=member, today=today):
            done["reminded"].append(member)
    return done
