# The member's language (pages and emails). Numbered 0008: another branch adds its own
# 0007 for other preferences; the two are joined by a merge migration.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_private_by_default"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                default="en",
                help_text="Pages and emails are in this language.",
                max_length=10,
                verbose_name="language",
            ),
        ),
    ]
