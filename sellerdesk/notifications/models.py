from django.conf import settings
from django.db import models
from django.db.models import Q


class Notification(models.Model):
    """One message to one person on one channel: the outbox.

    Written in the same transaction as the change it reports, so a change never happens without
    its notice; delivered later by the worker, so a mail server that is down delays a notice
    but never loses it. A row keeps its kind, the recipient's language and the values its
    template reads, frozen when it was queued (``context``); ``subject`` and ``body`` are
    rendered from them when the notice is sent or shown (ADR 0007), so the text is what it
    was at queue time. Rows queued before that kept their text (``stored_subject``/``body``).
    """

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        IN_APP = "in_app", "In-app"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"  # gave up after the last retry

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=60)
    stored_subject = models.CharField(max_length=300, blank=True, db_column="subject")
    stored_body = models.TextField(blank=True, db_column="body")
    language = models.CharField(max_length=10, blank=True)
    # What the kind's template reads, frozen at queue time (``snapshot.freeze``).
    context = models.JSONField(null=True, blank=True)
    link = models.CharField(max_length=300, blank=True)
    # Optional: the same key for the same recipient and channel is enqueued once.
    dedupe_key = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The delivery sweep reads only what is waiting, by when it is due.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["recipient", "channel", "-created_at"], name="notification_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "channel", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="uniq_notification_dedupe",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.channel}, {self.status})"

    def text(self) -> tuple[str, str]:
        """(subject, body), rendered once per instance from the frozen context."""
        if self.context is None:
            return self.stored_subject, self.stored_body
        if getattr(self, "_text", None) is None:
            from .rendering import render_notification
            from .snapshot import thaw

            self._text = render_notification(self.kind, self.language, thaw(self.context))
        return self._text

    @property
    def subject(self) -> str:
        return self.text()[0]

    @subject.setter
    def subject(self, value: str) -> None:
        self.stored_subject = value

    @property
    def body(self) -> str:
        return self.text()[1]

    @body.setter
    def body(self, value: str) -> None:
        self.stored_body = value


class NotificationPreference(models.Model):
    """A person's choice for one kind of notice. No row means the kind's default (on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=60)
    email = models.BooleanField(default=True)
    in_app = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="uniq_notification_preference")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: email={self.email} in_app={self.in_app}"
