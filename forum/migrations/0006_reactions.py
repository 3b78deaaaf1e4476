import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0005_post_composite_indexes_only"),
        ("notifications", "0003_reactions_moved_to_forum"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables were made by the notifications app (notifications/0001) and keep their
    # names (db_table): only Django's record of which app owns them changes.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PostThanksCount",
                    fields=[
                        (
                            "post",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="thanks_total",
                                serialize=False,
                                to="forum.post",
                            ),
                        ),
                        ("thanks_count", models.PositiveIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "notifications_postthankscount",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("thanks_count__gte", 0)),
                                name="post_thanks_count_non_negative",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PostThanks",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "post",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="thanks",
                                to="forum.post",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="thanks_given",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "post thanks",
                        "db_table": "notifications_postthanks",
                        "indexes": [
                            models.Index(fields=["user", "-created_at"], name="post_thanks_user")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("post", "user"), name="post_thanks_once"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ThreadFollow",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "thread",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="follows",
                                to="forum.thread",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="thread_follows",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "notifications_threadfollow",
                        "indexes": [
                            models.Index(fields=["user", "-created_at"], name="thread_follow_user")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("thread", "user"), name="thread_follow_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
