"""The audit log and the moderators' accounts moved to the moderation app:
surveys forgets the models, the tables stay (moderation.0001 names them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0016_receipts_to_their_app"),
        ("moderation", "0001_moderation_from_surveys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ModerationEvent"),
                migrations.DeleteModel(name="ModeratorAccount"),
            ],
            database_operations=[],
        ),
    ]
