"""One notice row per recipient, its channels as columns (ADR 0009): the in-app twin of each
emailed notice is folded into the email's row (``in_app``, ``read_at``); a notice that was only
in-app keeps its row with no email (status ``none``)."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def fold_channels(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    db = schema_editor.connection.alias
    emails = {}
    for row in Notification.objects.using(db).filter(channel="email").order_by("pk"):
        emails.setdefault(_twin_key(row), []).append(row)
    for row in Notification.objects.using(db).filter(channel="in_app").order_by("pk"):
        twins = emails.get(_twin_key(row))
        if twins:
            email = twins.pop(0)
            email.in_app, email.read_at = True, row.read_at
            email.save(update_fields=["in_app", "read_at"])
            row.delete()
        else:
            row.in_app, row.status = True, "none"
            row.sent_at = row.next_attempt_at = None
            row.save(update_fields=["in_app", "status", "sent_at", "next_attempt_at"])


def _twin_key(row) -> tuple:
    """What an email and its in-app twin had in common: the dedupe key where there is one
    (unique per recipient and channel), else the moment and link they were queued with."""
    if row.dedupe_key:
        return (row.recipient_id, row.kind, row.dedupe_key)
    return (row.recipient_id, row.kind, row.created_at, row.link)


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
        migrations.RunPython(fold_channels, migrations.RunPython.noop),
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
