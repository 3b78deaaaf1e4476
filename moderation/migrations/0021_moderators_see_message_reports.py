"""Moderators see the list of reported private messages in the admin (the messages themselves only on their review page, each reading logged)."""

from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = [("moderation", "messagereport", ["view"])]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("moderation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, verbs in PERMISSIONS:
        for verb in verbs:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{verb}_{model}"
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0020_message_reports"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
