"""The Moderators group: staff members put in it can review clinician verifications,
read the moderation log, and look after discussions, posts and members in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = [
    ("moderation", "clinicianverification", ["view", "change"]),
    ("moderation", "moderationaction", ["view"]),
    ("forum", "thread", ["view", "change"]),
    ("forum", "post", ["view", "change"]),
    ("accounts", "user", ["view"]),
]


def _ensure_permissions_exist(apps):
    # Permissions are normally created after `migrate` finishes; on a fresh database
    # they do not exist yet when this migration runs, so create them for these apps now.
    for label in {app_label for app_label, _, _ in PERMISSIONS}:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    _ensure_permissions_exist(apps)
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, verbs in PERMISSIONS:
        for verb in verbs:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{verb}_{model}"
                )
            )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("accounts", "0002_clinician_and_privacy_fields"),
        ("forum", "0002_expert_questions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
