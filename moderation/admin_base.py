from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """A record moderators read in the admin and nobody changes there (the log, reports,
    flags, warnings): what changes it is a service, called from the pages that decide."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
