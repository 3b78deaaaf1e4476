"""Moderators may moderate the forum (hide, lock, pin, move, review held posts, suspend)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def add_permission(apps, schema_editor):
    forum = apps.get_app_config("forum")
    forum.models_module = True
    create_permissions(forum, apps=apps, verbosity=0)
    forum.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="forum", codename="moderate_forum")
    )


def remove_permission(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="forum", codename="moderate_forum")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_moderators_group"),
        ("forum", "0004_moderation_states"),
    ]

    operations = [migrations.RunPython(add_permission, remove_permission)]
