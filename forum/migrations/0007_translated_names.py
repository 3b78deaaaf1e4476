# Names shown in the admin, now translated: no change to the database.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0006_reactions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="community",
            options={
                "ordering": ["position", "name"],
                "verbose_name": "community",
                "verbose_name_plural": "communities",
            },
        ),
        migrations.AlterModelOptions(
            name="post",
            options={
                "ordering": ["thread", "number"],
                "verbose_name": "post",
                "verbose_name_plural": "posts",
            },
        ),
        migrations.AlterModelOptions(
            name="thread",
            options={
                "permissions": [("moderate_forum", "Can moderate discussions, posts and members")],
                "verbose_name": "discussion",
                "verbose_name_plural": "discussions",
            },
        ),
    ]
