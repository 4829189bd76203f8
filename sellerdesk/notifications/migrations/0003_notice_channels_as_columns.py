"""One notice row per recipient, its channels as columns (ADR 0009): the in-app twin of each
emailed notice is folded into the email's row (``in_app``, ``read_at``); a notice that was only
in-app keeps its row with no email (status ``none``). Reversible: the reverse splits each
emailed in-app notice into its two rows again.

The fold is three set-based statements (an outbox can hold millions of rows), matching twins
as ``notify`` made them: the same recipient and dedupe key (unique per recipient and channel
before, per recipient after), or without a key the same recipient, kind, moment and link."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

TABLE = "notifications_notification"


def _twins(in_app: str, email: str) -> str:
    """The condition that row ``in_app`` is the in-app twin of row ``email``."""
    i, e = in_app, email
    return (
        f"{i}.channel = 'in_app' AND {e}.channel = 'email' AND {i}.recipient_id = {e}.recipient_id"
        f" AND (({e}.dedupe_key <> '' AND {i}.dedupe_key = {e}.dedupe_key)"
        f" OR ({e}.dedupe_key = '' AND {i}.dedupe_key = '' AND {i}.kind = {e}.kind"
        f" AND {i}.created_at = {e}.created_at AND {i}.link = {e}.link))"
    )


def fold_channels(apps, schema_editor):
    # Only constants are formatted into these statements.
    run = schema_editor.execute
    twin = _twins("i", TABLE)
    run(
        f"UPDATE {TABLE} SET in_app = TRUE, read_at = ("  # noqa: S608
        f"SELECT MAX(i.read_at) FROM {TABLE} i WHERE {twin}) "
        f"WHERE channel = 'email' AND EXISTS (SELECT 1 FROM {TABLE} i WHERE {twin})"
    )
    run(
        f"DELETE FROM {TABLE} WHERE channel = 'in_app' "  # noqa: S608
        f"AND EXISTS (SELECT 1 FROM {TABLE} e WHERE {_twins(TABLE, 'e')})"
    )
    run(
        f"UPDATE {TABLE} SET in_app = TRUE, status = 'none', sent_at = NULL, "  # noqa: S608
        "next_attempt_at = NULL WHERE channel = 'in_app'"
    )


def split_channels(apps, schema_editor):
    # Here every row is channel 'email' (the column's default, re-added by the reverse).
    shared = "recipient_id, kind, subject, body, language, context, link, dedupe_key, created_at"
    run = schema_editor.execute
    run(
        f"INSERT INTO {TABLE} (channel, status, attempts, last_error, sent_at, read_at, "  # noqa: S608
        f"in_app, {shared}) SELECT 'in_app', 'sent', 0, '', created_at, read_at, in_app, "
        f"{shared} FROM {TABLE} WHERE in_app AND status <> 'none'"
    )
    run(
        f"UPDATE {TABLE} SET channel = 'in_app', status = 'sent', "  # noqa: S608
        "sent_at = created_at WHERE status = 'none'"
    )
    run(f"UPDATE {TABLE} SET read_at = NULL WHERE channel = 'email'")  # noqa: S608
    # PostgreSQL: the inserted rows' deferred foreign-key checks now, not at commit: the
    # migration's next ALTER TABLE is refused while trigger events are pending.
    schema_editor.connection.check_constraints(table_names=[TABLE])


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("notifications", "0002_notice_frozen_context"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="in_app",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="notification",
            name="status",
            field=models.CharField(
                choices=[
                    ("none", "Not emailed"),
                    ("pending", "Pending"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        # A default, so that the reverse can add the column back to existing rows.
        migrations.AlterField(
            model_name="notification",
            name="channel",
            field=models.CharField(
                choices=[("email", "Email"), ("in_app", "In-app")],
                default="email",
                max_length=10,
            ),
        ),
        migrations.RunPython(fold_channels, split_channels),
        migrations.RemoveConstraint(model_name="notification", name="uniq_notification_dedupe"),
        migrations.RemoveIndex(model_name="notification", name="notification_inbox"),
        migrations.RemoveField(model_name="notification", name="channel"),
        migrations.AlterField(
            model_name="notification",
            name="in_app",
            field=models.BooleanField(default=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.CASCADE,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                condition=Q(("dedupe_key", ""), _negated=True),
                fields=("recipient", "dedupe_key"),
                name="uniq_notice_dedupe",
            ),
        ),
    ]
