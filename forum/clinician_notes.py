"""Possibly inaccurate medical information: a clinician's note, not a deletion.

A member flags a post as possibly inaccurate (from its Report page). The flag waits in
the clinicians' queue (forum.note_views), their own communities first. A verified
clinician then either adds a note that every reader sees under the post (badged with
their profession and verification date, with sources as links) or dismisses the flags
with a reason. Either way the post stays up and its author is told (the notifications
app hears `clinician_note_saved` and `inaccuracy_flags_dismissed`); the moderation log
records every note, edit and dismissal. Advice that could harm goes to the moderators
as a report, as before: inaccuracy alone never hides a post.

The rules (who may flag, note, edit, dismiss) live here with the writes they guard.
"""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Count, F, Min, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import events, markup, pagecache, permissions, services
from forum.models import ClinicianNote, InaccuracyFlag, Post

MAX_SOURCES = 8
OPEN = InaccuracyFlag.Status.OPEN
# Bumped by every flag and answer: the clinicians' count of what waits for them.
FLAGS_VERSION = "pf:v:flags"


def _flags_changed() -> None:
    transaction.on_commit(partial(pagecache.bump_key, FLAGS_VERSION))


# Who may do what ------------------------------------------------------------------


def flag_refusal(user, post: Post) -> str | None:
    if not user.is_authenticated:
        return _("Sign in to flag a post.")
    if post.author_id == user.pk:
        return _("This is your own post: you can edit it instead of flagging it.")
    if user.is_suspended:
        return permissions.suspension_message(user)
    if not permissions.has_confirmed_email(user):
        return permissions.EMAIL_NOT_CONFIRMED
    if post.is_hidden or post.is_awaiting_review:
        return _("This post is not shown to other members.")
    return None


def is_note_writer(user) -> bool:
    """Verified clinicians write notes and answer flags."""
    return bool(user.is_authenticated and user.is_clinician)


def check_can_write_note(user, post: Post) -> None:
    if not is_note_writer(user):
        raise PermissionDenied(_("Only verified clinicians can add a clinician note."))
    if post.author_id == user.pk:
        raise PermissionDenied(_("This is your own post: you can edit it instead."))
    if post.is_hidden or post.is_awaiting_review:
        raise PermissionDenied(_("This post is not shown to other members."))


def can_edit_note(user, note: ClinicianNote) -> bool:
    if not user.is_authenticated:
        return False
    if permissions.is_moderator(user):
        return True
    return note.clinician_id == user.pk and user.is_clinician


def check_can_edit_note(user, note: ClinicianNote) -> None:
    if not can_edit_note(user, note):
        raise PermissionDenied(
            _("Only the clinician who wrote this note, or a moderator, can edit it.")
        )


# Reads ------------------------------------------------------------------------------


def flagged_posts(clinician: User, *, communities: list[int]) -> QuerySet:
    """Visible posts with open flags: those in the clinician's `communities` (followed,
    or mapped to their specialty: forum.expert_desk.communities_of) first, then the
    oldest flag first; with the flags' count and first time."""
    return (
        Post.objects.visible_to(clinician)
        .filter(inaccuracy_flags__status=OPEN, is_hidden=False, is_awaiting_review=False)
        .annotate(
            flag_count=Count("inaccuracy_flags"),
            flagged_since=Min("inaccuracy_flags__created_at"),
            in_my_communities=Case(
                When(thread__community_id__in=communities, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .select_related("thread__community", "author")
        .order_by("-in_my_communities", "flagged_since", "pk")
    )


def open_flag_count() -> int:
    """How many posts have open flags (the queue's length)."""
    flags = InaccuracyFlag.objects.filter(
        status=OPEN, post__is_hidden=False, post__is_awaiting_review=False
    )
    return flags.values("post_id").distinct().count()


def notes_by_post(posts: list[Post]) -> dict[int, list[ClinicianNote]]:
    """The notes under these posts (by current clinicians only), in one query."""
    found: dict[int, list[ClinicianNote]] = {}
    notes = ClinicianNote.objects.filter(post__in=posts).select_related("clinician")
    for note in notes:
        if note.clinician.is_clinician:
            found.setdefault(note.post_id, []).append(note)
    return found


# Writes -----------------------------------------------------------------------------


def clean_sources(text: str) -> str:
    """One web address per line (http or https), at most MAX_SOURCES; else a
    ValidationError naming the line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_SOURCES:
        raise ValidationError(
            _("Please give at most %(max)d sources (you gave %(count)d).")
            % {"max": MAX_SOURCES, "count": len(lines)}
        )
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(lines, start=1):
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                _("Source %(number)d is not a web address starting with https:// or http://.")
                % {"number": number}
            ) from None
    return "\n".join(lines)


@transaction.atomic
def inaccuracy_flag_create(*, member: User, post: Post, note: str = "") -> InaccuracyFlag:
    """Flag a post as possibly inaccurate, for the clinicians; it stays up."""
    refusal = flag_refusal(member, post)
    if refusal:
        raise PermissionDenied(refusal)
    try:
        with transaction.atomic():
            flag = InaccuracyFlag.objects.create(post=post, flagged_by=member, note=note.strip())
    except IntegrityError:
        raise ValidationError(
            _("You already flagged this post: a clinician will look at it.")
        ) from None
    _flags_changed()
    return flag


def _refresh_post(post: Post) -> None:
    # The note shows in the post's shared article: a new version, new pages.
    Post.objects.filter(pk=post.pk).update(version=F("version") + 1)
    services.invalidate_pages(threads=[post.thread])


@transaction.atomic
def clinician_note_add(
    *, clinician: User, post: Post, body: str, sources: str = ""
) -> ClinicianNote:
    """Add the clinician's note under a post; the open flags on it are answered."""
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    check_can_write_note(clinician, post)
    if ClinicianNote.objects.filter(post=post, clinician=clinician).exists():
        raise ValidationError(_("You already added a note to this post: edit it instead."))
    markup.validate(body)
    note = ClinicianNote.objects.create(
        post=post,
        clinician=clinician,
        body=body,
        body_html=markup.render(body).html,
        render_version=markup.RENDER_VERSION,
        sources=clean_sources(sources),
    )
    answered = InaccuracyFlag.objects.filter(post=post, status=OPEN).update(
        status=InaccuracyFlag.Status.NOTED, resolved_by=clinician, resolved_at=timezone.now()
    )
    _refresh_post(post)
    _flags_changed()
    transaction.on_commit(
        partial(
            events.clinician_note_saved.send,
            sender=ClinicianNote,
            note_id=note.pk,
            post_id=post.pk,
            editor_id=clinician.pk,
            created=True,
            flags_answered=answered,
        )
    )
    return note


@transaction.atomic
def clinician_note_edit(
    *, editor: User, note: ClinicianNote, body: str, sources: str = ""
) -> ClinicianNote:
    """Change a note: its clinician or a moderator."""
    note = ClinicianNote.objects.select_for_update().select_related("post__thread").get(pk=note.pk)
    check_can_edit_note(editor, note)
    markup.validate(body)
    note.body = body
    note.body_html = markup.render(body).html
    note.render_version = markup.RENDER_VERSION
    note.sources = clean_sources(sources)
    note.edited_at = timezone.now()
    note.edited_by = editor
    note.save()
    _refresh_post(note.post)
    transaction.on_commit(
        partial(
            events.clinician_note_saved.send,
            sender=ClinicianNote,
            note_id=note.pk,
            post_id=note.post_id,
            editor_id=editor.pk,
            created=False,
            flags_answered=0,
        )
    )
    return note


@transaction.atomic
def inaccuracy_flags_dismiss(*, clinician: User, post: Post, reason: str) -> int:
    """Answer a post's open flags without a note, with a reason its author is told."""
    check_can_write_note(clinician, post)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please say why no note is needed: the post's author reads it."))
    dismissed = InaccuracyFlag.objects.filter(post=post, status=OPEN).update(
        status=InaccuracyFlag.Status.DISMISSED,
        resolved_by=clinician,
        resolved_at=timezone.now(),
        resolution=reason,
    )
    if not dismissed:
        raise ValidationError(_("Another clinician has already answered the flags on this post."))
    _flags_changed()
    transaction.on_commit(
        partial(
            events.inaccuracy_flags_dismissed.send,
            sender=InaccuracyFlag,
            post_id=post.pk,
            clinician_id=clinician.pk,
            reason=reason,
            count=dismissed,
        )
    )
    return dismissed
