# Names shown in the admin, now translated: no change to the database.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_automatic_actions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="clinicianverification",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "clinician verification request",
                "verbose_name_plural": "clinician verification requests",
            },
        ),
        migrations.AlterModelOptions(
            name="report",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "report",
                "verbose_name_plural": "reports",
            },
        ),
    ]
