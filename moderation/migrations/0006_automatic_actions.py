from django.db import migrations, models

# The actions the forum took by itself before the log recorded it.
AUTOMATIC = ["post_auto_hidden", "clinician_lapsed"]


def mark_automatic(apps, schema_editor):
    ModerationAction = apps.get_model("moderation", "ModerationAction")
    # A queryset update: the log's append-only save() is not involved.
    ModerationAction.objects.filter(moderator=None, action__in=AUTOMATIC).update(is_automatic=True)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0005_queue_proxies"),
    ]

    operations = [
        migrations.AddField(
            model_name="moderationaction",
            name="is_automatic",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_automatic, migrations.RunPython.noop),
    ]
