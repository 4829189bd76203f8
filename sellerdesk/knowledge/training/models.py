"""Training events (phone consultations, live online sessions, city salons) and the
registrations for them. Models of the ``knowledge`` app: ``knowledge/models.py`` imports them,
and their tables keep the app's names (``knowledge_trainingevent``, ``knowledge_registration``)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..languages import LANGUAGES, is_chinese


class TrainingEvent(models.Model):
    """A phone consultation slot, a live online session or a city salon."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone consultation"
        ONLINE = "online", "Live online session"
        SALON = "salon", "City salon"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    title_en = models.CharField(max_length=200, verbose_name=_("title (English)"))
    title_zh = models.CharField(max_length=200, verbose_name=_("title (Chinese)"))
    description_en = models.TextField(blank=True, verbose_name=_("description (English)"))
    description_zh = models.TextField(blank=True, verbose_name=_("description (Chinese)"))
    language = models.CharField(
        max_length=10, choices=LANGUAGES, default="zh-hans", verbose_name=_("language")
    )
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    # Where the event happens: its local time is shown in this zone (IANA name).
    time_zone = models.CharField(
        max_length=64, default="Asia/Shanghai", verbose_name=_("time zone")
    )
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    venue = models.CharField(max_length=300, blank=True, verbose_name=_("venue"))
    join_url = models.URLField(blank=True, verbose_name=_("join URL"))
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("host"),
    )
    capacity = models.PositiveIntegerField(verbose_name=_("capacity"))
    # Confirmed seats, claimed with a conditional update; the check constraint makes
    # overbooking impossible even for a buggy writer.
    confirmed_count = models.PositiveIntegerField(
        default=0, editable=False, verbose_name=_("confirmed count")
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.SCHEDULED, verbose_name=_("status")
    )
    created_at = models.DateTimeField(verbose_name=_("created at"))

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="kb_event_upcoming")]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")), name="kb_event_not_overbooked"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="kb_event_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.title_en} ({self.starts_at:%Y-%m-%d})"

    @property
    def title(self) -> str:
        return (self.title_zh if is_chinese() else self.title_en) or self.title_en

    @property
    def description(self) -> str:
        return (self.description_zh if is_chinese() else self.description_en) or self.description_en

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)


class Registration(models.Model):
    """A person's place at an event: confirmed, on the waiting list, or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        WAITING = "waiting", "Waiting list"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(
        TrainingEvent,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    seller = models.ForeignKey(
        "accounts.Seller",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("seller"),
    )
    status = models.CharField(max_length=10, choices=Status.choices, verbose_name=_("status"))
    created_at = models.DateTimeField(verbose_name=_("created at"))
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    cancelled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("cancelled at"))
    attended = models.BooleanField(null=True, blank=True, verbose_name=_("attended"))
    attendance_marked_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("attendance marked at")
    )
    reminder_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reminder sent at")
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="uniq_active_registration",
            )
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at", "id"], name="kb_waiting_list"),
            models.Index(fields=["user", "status"], name="kb_my_registrations"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.status})"
