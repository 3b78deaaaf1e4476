"""Writes on members: consent records, preferences, breaks from email, erasure."""

from datetime import datetime, time
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import events, zones
from accounts.comfort import Comfort
from accounts.models import Consent, User


def current_versions() -> dict[str, str]:
    return {
        Consent.Kind.TERMS: settings.TERMS_VERSION,
        Consent.Kind.HEALTH_DATA: settings.HEALTH_DATA_CONSENT_VERSION,
        Consent.Kind.MINIMUM_AGE: str(settings.MINIMUM_AGE),
    }


@transaction.atomic
def consent_record(*, user: User, kinds: list[str]) -> list[Consent]:
    """Record agreement to the current version of each text."""
    versions = current_versions()
    now = timezone.now()
    return Consent.objects.bulk_create(
        [Consent(user=user, kind=kind, version=versions[kind], given_at=now) for kind in kinds]
    )


def consent_missing(user: User) -> list[str]:
    """The kinds the member has not agreed to in their current version (or withdrew)."""
    versions = current_versions()
    given = set(
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).values_list("kind", "version")
    )
    return [kind for kind, version in versions.items() if (kind, version) not in given]


@transaction.atomic
def consent_withdraw(*, user: User, kind: str) -> int:
    return Consent.objects.filter(user=user, kind=kind, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )


@transaction.atomic
def member_preferences_update(
    *,
    user: User,
    time_zone: str,
    quiet_hours_start: time | None,
    quiet_hours_end: time | None,
) -> User:
    """Save the member's time zone ("" for none chosen) and quiet hours (both or none)."""
    if time_zone and zones.zone_named(time_zone) is None:
        raise ValidationError(_("Unknown time zone."))
    if (quiet_hours_start is None) != (quiet_hours_end is None):
        raise ValidationError(_("Quiet hours need a start and an end."))
    user.time_zone = time_zone
    user.quiet_hours_start = quiet_hours_start
    user.quiet_hours_end = quiet_hours_end
    user.save(update_fields=["time_zone", "quiet_hours_start", "quiet_hours_end"])
    return user


@transaction.atomic
def member_comfort_update(*, user: User, comfort: Comfort) -> User:
    """Save the member's reading comfort (the same choices as the visitors' cookie)."""
    if comfort.theme not in User.Theme.values or comfort.size not in User.TextSize.values:
        raise ValidationError(_("Unknown theme or text size."))
    user.theme = comfort.theme
    user.text_size = comfort.size
    user.prefers_high_contrast = comfort.high_contrast
    user.prefers_legible_font = comfort.legible_font
    user.prefers_reduced_motion = comfort.reduced_motion
    user.save(
        update_fields=[
            "theme",
            "text_size",
            "prefers_high_contrast",
            "prefers_legible_font",
            "prefers_reduced_motion",
        ]
    )
    return user


@transaction.atomic
def member_break_start(*, user: User, until: datetime | None) -> User:
    """Pause every notification email until then (None: until the member resumes).
    Notifications still arrive in the app and are counted."""
    now = timezone.now()
    if until is not None and until <= now:
        raise ValidationError(_("A break ends in the future."))
    user.notifications_paused_at = now
    user.notifications_paused_until = until
    user.save(update_fields=["notifications_paused_at", "notifications_paused_until"])
    return user


@transaction.atomic
def member_break_end(*, user: User) -> User:
    user.notifications_paused_at = None
    user.notifications_paused_until = None
    user.save(update_fields=["notifications_paused_at", "notifications_paused_until"])
    return user


def _break_end(user: User) -> str | None:
    if not user.is_on_break:
        return None
    until = user.notifications_paused_until
    return until.isoformat() if until else "until resumed"


def member_export(*, user: User) -> dict:
    """Everything the forum holds about a member, as plain data."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "bio": user.bio,
            "profile_is_public": user.profile_is_public,
            "shows_communities": user.shows_communities,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "clinician_profession": user.clinician_profession,
            "clinician_specialty": user.clinician_specialty,
            "clinician_verified_at": (
                user.clinician_verified_at.isoformat() if user.clinician_verified_at else None
            ),
        },
        "preferences": {
            "time_zone": user.time_zone,
            "quiet_hours": (
                [user.quiet_hours_start.isoformat(), user.quiet_hours_end.isoformat()]
                if zones.has_quiet_hours(user)
                else None
            ),
            "notifications_paused_until": _break_end(user),
            "reading_comfort": Comfort.of_member(user).variant,
        },
        "email_addresses": [
            {
                "email": address.email,
                "verified": address.verified,
                "primary": address.primary,
            }
            for address in user.emailaddress_set.all()
        ],
        "consents": [
            {
                "kind": consent.kind,
                "version": consent.version,
                "given_at": consent.given_at.isoformat(),
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in user.consents.all()
        ],
    }
    for _receiver, sections in events.member_export.send(sender=User, user=user):
        data.update(sections or {})
    return data


def member_language_set(*, user: User, language: str) -> User:
    """The language of the member's pages and emails."""
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def member_erase(*, user: User, delete_posts: bool) -> None:
    """Delete the account. Posts are deleted or kept as a "Former member"'s, as chosen;
    other apps clean up what is theirs through `member_erasing` in this same transaction."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    events.member_erasing.send(sender=User, user=user, delete_posts=delete_posts)
    user_id = user.pk
    user.delete()
    # Their name and bio showed on pages cached everywhere: every copy must go.
    transaction.on_commit(partial(events.member_changed.send, sender=User, user_id=user_id))
