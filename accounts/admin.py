from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import events, services
from accounts.models import User


class MemberCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "role")


class MemberChangeForm(UserChangeForm):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = MemberCreationForm
    form = MemberChangeForm
    ordering = ("-date_joined",)
    list_display = (
        "display_name",
        "email",
        "role",
        "is_staff",
        "is_active",
        "date_joined",
    )
    list_filter = ("role", "is_staff", "is_active", "is_superuser", "groups")
    search_fields = ("display_name", "email")
    readonly_fields = ("date_joined", "last_login")

    # Deleting a member here is an erasure like the member's own (posts kept, signed
    # "Former member"): mentions rewritten, counters kept exact, every cached copy that
    # shows them invalidated. A plain delete would leave all of that behind.
    def delete_model(self, request, obj):
        services.member_erase(user=obj, delete_posts=False)

    def delete_queryset(self, request, queryset):
        for member in queryset:
            services.member_erase(user=member, delete_posts=False)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            transaction.on_commit(partial(events.member_changed.send, sender=User, user_id=obj.pk))

    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Public profile"), {"fields": ("display_name", "role", "bio")}),
        (_("Preferences"), {"fields": ("language",)}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "role", "password1", "password2"),
            },
        ),
    )
