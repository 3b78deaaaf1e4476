from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_urgent_reports"),
    ]

    # Follows and thanks are the forum's now (forum/0006_reactions): the tables stay, under
    # their names; only Django's record of which app owns them changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="postthankscount",
                    name="post",
                ),
                migrations.RemoveField(
                    model_name="threadfollow",
                    name="thread",
                ),
                migrations.RemoveField(
                    model_name="threadfollow",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="PostThanks",
                ),
                migrations.DeleteModel(
                    name="PostThanksCount",
                ),
                migrations.DeleteModel(
                    name="ThreadFollow",
                ),
            ],
            database_operations=[],
        ),
    ]
