"""Clinicians' notes and the flags that asked for them, for moderators in the admin.

A moderator may correct a note (each save goes through forum.clinician_notes, so it is
checked, re-rendered and logged) and read the flags; nobody adds or deletes them here.
"""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from forum import clinician_notes, markup
from forum.models import ClinicianNote, InaccuracyFlag
from moderation.admin_base import RecordAdmin


class ClinicianNoteForm(forms.ModelForm):
    class Meta:
        model = ClinicianNote
        fields = ["body", "sources"]

    def clean_body(self):
        markup.validate(self.cleaned_data["body"])
        return self.cleaned_data["body"]

    def clean_sources(self):
        return clinician_notes.clean_sources(self.cleaned_data["sources"])


@admin.register(ClinicianNote)
class ClinicianNoteAdmin(admin.ModelAdmin):
    form = ClinicianNoteForm
    list_display = ["excerpt", "clinician", "discussion", "created_at", "edited_at"]
    list_select_related = ["clinician", "post__thread"]
    fields = ["clinician", "post", "body", "sources", "created_at", "edited_at", "edited_by"]
    readonly_fields = ["clinician", "post", "created_at", "edited_at", "edited_by"]
    search_fields = ["body", "post__thread__title"]

    @admin.display(description=_("note"))
    def excerpt(self, note):
        return Truncator(note.body).words(12)

    @admin.display(description=_("discussion"))
    def discussion(self, note):
        return note.post.thread.title

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        clinician_notes.clinician_note_edit(
            editor=request.user,
            note=obj,
            body=form.cleaned_data["body"],
            sources=form.cleaned_data["sources"],
        )


@admin.register(InaccuracyFlag)
class InaccuracyFlagAdmin(RecordAdmin):
    list_display = ["excerpt", "discussion", "status", "created_at", "resolved_by"]
    list_filter = ["status"]
    list_select_related = ["post__thread", "resolved_by"]
    readonly_fields = [field.name for field in InaccuracyFlag._meta.fields]

    @admin.display(description=_("post"))
    def excerpt(self, flag):
        return Truncator(flag.post.body).words(12)

    @admin.display(description=_("discussion"))
    def discussion(self, flag):
        return flag.post.thread.title
