"""Suspensions that say what they do: a preset length (or a full date) whose end is
shown before the moderator confirms, the member told by email and by a banner on every
page (with the end, the reason and how to appeal), and appeals answered with a reason.
Suspending and lifting are moderation.actions.member_suspend and member_reinstate."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from moderation import actions
from moderation.models import ModerationAction, SuspensionAppeal

Status = SuspensionAppeal.Status
# How long, by the moderator's choice: each preset's length (None: until lifted).
PRESETS = {
    "1d": (gettext_lazy("24 hours"), timedelta(hours=24)),
    "7d": (gettext_lazy("7 days"), timedelta(days=7)),
    "30d": (gettext_lazy("30 days"), timedelta(days=30)),
    "indefinite": (gettext_lazy("Until a moderator lifts it"), None),
}
UNTIL_A_DATE = "date"


def suspension_end(length: str, until: datetime | None, *, now: datetime) -> datetime | None:
    """When a suspension chosen as `length` ends (None: until lifted)."""
    if length == UNTIL_A_DATE:
        return until
    return now + PRESETS[length][1] if PRESETS[length][1] else None


@transaction.atomic
def appeal_create(*, member: User, text: str) -> SuspensionAppeal:
    """A suspended member's appeal: one open at a time."""
    if not member.is_authenticated or not member.is_suspended:
        raise PermissionDenied(_("Only a suspended member can appeal a suspension."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Please say why the moderators should think again."))
    try:
        with transaction.atomic():
            return SuspensionAppeal.objects.create(
                member=member,
                text=text,
                suspension_reason=member.suspension_reason,
                suspended_until=member.suspended_until,
            )
    except IntegrityError:
        raise ValidationError(
            _("Your appeal is already with the moderators: they will answer it.")
        ) from None


@transaction.atomic
def appeal_answer(
    *, moderator: User, appeal: SuspensionAppeal, answer: str, lift: bool
) -> SuspensionAppeal:
    """Answer an appeal with a reason the member reads: keep the suspension, or lift it."""
    actions._check(moderator)
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Give an answer: the member reads it."))
    appeal = SuspensionAppeal.objects.select_for_update().select_related("member").get(pk=appeal.pk)
    if appeal.status != Status.OPEN:
        raise ValidationError(_("This appeal has already been answered."))
    appeal.status = Status.LIFTED if lift else Status.KEPT
    appeal.answer = answer
    appeal.answered_by = moderator
    appeal.answered_at = timezone.now()
    appeal.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    actions.log_action(
        moderator=moderator,
        action=ModerationAction.Action.APPEAL_ANSWERED,
        user=appeal.member,
        reason=answer,
        label=f"Appeal by {appeal.member.display_name}: {appeal.get_status_display()}",
    )
    if lift and appeal.member.is_suspended:
        actions.member_reinstate(moderator=moderator, member=appeal.member, reason=answer)
    else:
        actions.tell_member(appeal.member, "appeal_kept", answer)
    return appeal
