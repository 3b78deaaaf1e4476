from django.db import migrations, models


def fill_skeletons(apps, schema_editor):
    """Existing members get their name's skeleton; when two existing names already look
    alike, the later one keeps none (it stays, and the rule holds for every new name)."""
    from accounts.names import skeleton

    User = apps.get_model("accounts", "User")
    seen = set()
    for member in User.objects.order_by("pk").only("pk", "display_name").iterator():
        value = skeleton(member.display_name)
        if value in seen:
            continue
        seen.add(value)
        User.objects.filter(pk=member.pk).update(display_name_skeleton=value)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_moderation_states"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="display_name_skeleton",
            field=models.CharField(editable=False, max_length=120, null=True, unique=True),
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop),
    ]
