"""Writes on members: consent records, erasure."""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts import events
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
