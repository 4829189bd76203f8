"""Notices keep a frozen context and are rendered when sent or shown (ADR 0007). The text
columns stay (as ``stored_subject``/``stored_body``, same column names) for rows queued
before, which have no context."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameField("notification", "subject", "stored_subject"),
                migrations.RenameField("notification", "body", "stored_body"),
                migrations.AlterField(
                    model_name="notification",
                    name="stored_subject",
                    field=models.CharField(blank=True, db_column="subject", max_length=300),
                ),
                migrations.AlterField(
                    model_name="notification",
                    name="stored_body",
                    field=models.TextField(blank=True, db_column="body"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="notification",
            name="language",
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AddField(
            model_name="notification",
            name="context",
            field=models.JSONField(blank=True, null=True),
        ),
    ]
