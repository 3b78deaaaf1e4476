"""The common reasons moderators start with; they extend the list in the admin."""

from django.db import migrations

REASONS = [
    "Personal data shared",
    "Medical advice that could harm someone",
    "Advertising or spam",
    "Unkind to another member",
    "Off-topic for this community",
]


def add(apps, schema_editor):
    ModerationReason = apps.get_model("moderation", "ModerationReason")
    for position, text in enumerate(REASONS):
        ModerationReason.objects.get_or_create(text=text, defaults={"position": position})


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("moderation")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = Group.objects.get_or_create(name="Moderators")
    for verb in ("view", "add", "change"):
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="moderation", codename=f"{verb}_moderationreason"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0018_common_reasons")]

    operations = [
        migrations.RunPython(add, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
