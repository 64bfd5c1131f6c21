"""The audit log of decisions and the moderators' accounts now belong to the
moderation app. Only Django's idea of where the models live changes: the
tables (and the index) keep their names, so no data moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("surveys", "0016_receipts_to_their_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ModeratorAccount",
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
                        (
                            "sessions_valid_after",
                            models.DateTimeField(blank=True, null=True),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="moderator",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "surveys_moderatoraccount"},
                ),
                migrations.CreateModel(
                    name="ModerationEvent",
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
                        ("at", models.DateTimeField(auto_now_add=True)),
                        ("item_type", models.CharField(max_length=30)),
                        ("item_id", models.PositiveBigIntegerField()),
                        ("from_status", models.CharField(max_length=20)),
                        ("to_status", models.CharField(max_length=20)),
                        ("reason", models.TextField(blank=True)),
                        (
                            "moderator",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "moderation event",
                        "verbose_name_plural": "moderation events",
                        "db_table": "surveys_moderationevent",
                        "ordering": ["-at", "-pk"],
                        "indexes": [
                            models.Index(
                                fields=["item_type", "item_id"],
                                name="surveys_mod_item_ty_04a3e3_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
