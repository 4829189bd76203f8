from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def emails(self):
        """The notices that go (or went) out by email."""
        return self.exclude(status=Notification.Status.NONE)

    def in_app(self):
        """The notices shown in their recipient's inbox."""
        return self.filter(in_app=True)


class Notification(models.Model):
    """One notice to one person: the outbox, with its channels as columns (ADR 0009).

    Written in the same transaction as the change it reports, so a change never happens without
    its notice; delivered later by the worker, so a mail server that is down delays a notice
    but never loses it. A row keeps its kind, the recipient's language and the values its
    template reads, frozen when it was queued (``context``); ``subject`` and ``body`` are
    rendered from them when the notice is sent or shown (ADR 0007), so the text is what it
    was at queue time. Rows queued before that kept their text (``stored_subject``/``body``).

    The channels the recipient accepts for the kind are columns of the one row: ``in_app``
    (shown in the inbox, ``read_at``), and email, whose delivery is ``status`` (``none`` when
    the notice is not emailed), ``attempts``, ``next_attempt_at``, ``last_error``, ``sent_at``.
    """

    class Status(models.TextChoices):
        """Of the email."""

        NONE = "none", "Not emailed"
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"  # gave up after the last retry

    # An index of its own would double the inbox index's first column (ADR 0009).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
        verbose_name=_("recipient"),
    )
    kind = models.CharField(max_length=60, verbose_name=_("kind"))
    stored_subject = models.CharField(
        max_length=300, blank=True, db_column="subject", verbose_name=_("subject")
    )
    stored_body = models.TextField(blank=True, db_column="body", verbose_name=_("body"))
    language = models.CharField(max_length=10, blank=True, verbose_name=_("language"))
    # What the kind's template reads, frozen at queue time (``snapshot.freeze``).
    context = models.JSONField(null=True, blank=True, verbose_name=_("template values"))
    link = models.CharField(max_length=300, blank=True, verbose_name=_("link"))
    # Optional: the same key for the same recipient is enqueued once.
    dedupe_key = models.CharField(max_length=200, blank=True, verbose_name=_("deduplication key"))
    in_app = models.BooleanField(default=True, verbose_name=_("shown in the app"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next attempt at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(verbose_name=_("created at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("read at"))

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The delivery sweep reads only what is waiting, by when it is due.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="uniq_notice_dedupe",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({', '.join(self.channels())}, {self.status})"

    @property
    def emailed(self) -> bool:
        return self.status != self.Status.NONE

    def channels(self) -> list[str]:
        return (["email"] if self.emailed else []) + (["in_app"] if self.in_app else [])

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
