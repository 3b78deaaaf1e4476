"""Moderators may look at a community's settings in the admin, without changing them: a
discussion's page there links to its community (which answered 403 for them)."""

from django.db import migrations

GROUP = "Moderators"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("forum")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="forum", codename="view_community")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0021_moderators_see_message_reports"),
        ("forum", "0019_home_sidebar_indexes"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
