"""The clinicians' side of possibly inaccurate posts (forum.clinician_notes): the queue of
flagged posts, adding or editing a note, and dismissing the flags with a reason."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.views import posted
from forum import clinician_notes, expert_desk, permissions
from forum.forms import BodyField, _Form
from forum.models import ClinicianNote, InaccuracyFlag, Post
from forum.pagination import Page, page_number

FLAGS_PER_PAGE = 20
MY_NOTES_SHOWN = 10


class ClinicianNoteForm(_Form):
    body = BodyField(
        label=gettext_lazy("Your note"),
        help_text=gettext_lazy(
            "Every reader sees it under the post, with your profession and verification "
            "date. Say what is accurate and what is not, kindly: the author may be unwell."
        ),
        error_messages={"required": gettext_lazy("Please write your note.")},
    )
    sources = forms.CharField(
        label=gettext_lazy("Sources (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One web address per line, for example a guideline or a patient leaflet."
        ),
    )

    def clean_sources(self):
        return clinician_notes.clean_sources(self.cleaned_data["sources"])


class DismissForm(_Form):
    reason = forms.CharField(
        label=gettext_lazy("Why no note is needed (the post's author reads this)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Please say why no note is needed.")},
    )


def _check_note_writer(user) -> None:
    if not clinician_notes.is_note_writer(user):
        raise PermissionDenied(_("Only verified clinicians can answer flagged posts."))


def _flagged_post(request, pk) -> Post:
    return permissions.visible_post_or_404(
        request.user, pk, Post.objects.select_related("thread__community", "author")
    )


@login_required
def flags(request):
    """Posts members flagged as possibly inaccurate, the clinician's communities first."""
    _check_note_writer(request.user)
    posts = clinician_notes.flagged_posts(
        request.user, communities=expert_desk.communities_of(request.user)
    )
    total = clinician_notes.open_flag_count()
    page = Page.of(page_number(request.GET), total=total, per_page=FLAGS_PER_PAGE)
    start = (page.number - 1) * FLAGS_PER_PAGE
    shown = list(posts[start : start + FLAGS_PER_PAGE])
    comments: dict[int, list[str]] = {}
    for post_id, note in (
        InaccuracyFlag.objects.filter(post__in=shown, status=InaccuracyFlag.Status.OPEN)
        .exclude(note="")
        .values_list("post_id", "note")
    ):
        comments.setdefault(post_id, []).append(note)
    for post in shown:
        post.flag_comments = comments.get(post.pk, [])
    mine = ClinicianNote.objects.filter(clinician=request.user).select_related("post__thread")
    context = {
        "posts": shown,
        "page": page,
        "total": total,
        "my_notes": list(mine.order_by("-created_at")[:MY_NOTES_SHOWN]),
    }
    return render(request, "forum/clinician_flags.html", context)


def _open_flags(post: Post) -> list[InaccuracyFlag]:
    return list(post.inaccuracy_flags.filter(status=InaccuracyFlag.Status.OPEN))


@login_required
@require_http_methods(["GET", "POST"])
def note_add(request, pk):
    post = _flagged_post(request, pk)
    clinician_notes.check_can_write_note(request.user, post)
    existing = ClinicianNote.objects.filter(post=post, clinician=request.user).first()
    if existing is not None:
        return redirect("forum:clinician_note_edit", pk=existing.pk)
    form = ClinicianNoteForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                clinician_notes.clinician_note_add(
                    clinician=request.user, post=post, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                messages.success(request, _("Your note is under the post. Its author is told."))
                return redirect(post.get_absolute_url())
    context = {"post": post, "form": form, "flags": _open_flags(post), "note": None}
    return render(request, "forum/clinician_note.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request, pk):
    note = get_object_or_404(
        ClinicianNote.objects.select_related("post__thread__community", "post__author"), pk=pk
    )
    post = note.post
    permissions.check_can_view_thread(request.user, post.thread)
    clinician_notes.check_can_edit_note(request.user, note)
    form = ClinicianNoteForm(posted(request), initial={"body": note.body, "sources": note.sources})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            clinician_notes.clinician_note_edit(editor=request.user, note=note, **form.cleaned_data)
            messages.success(request, _("The note is saved."))
            return redirect(post.get_absolute_url())
    context = {"post": post, "form": form, "flags": _open_flags(post), "note": note}
    return render(request, "forum/clinician_note.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def flags_dismiss(request, pk):
    post = _flagged_post(request, pk)
    clinician_notes.check_can_write_note(request.user, post)
    form = DismissForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                clinician_notes.inaccuracy_flags_dismiss(
                    clinician=request.user, post=post, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 409
            else:
                messages.success(
                    request, _("The flags are answered. The post's author is told why.")
                )
                return redirect("forum:clinician_flags")
    context = {"post": post, "form": form, "flags": _open_flags(post)}
    return render(request, "forum/clinician_flags_dismiss.html", context, status=status)
