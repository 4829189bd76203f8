from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import lifecycle


class CaseType(models.Model):
    """What a case is about; owns the routing (team) and the first targets. Operator data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="case_types",
        verbose_name=_("team"),
        help_text=_("The team new cases of this type go to."),
    )
    # Evidence fields the seller must give, by code (see cases/checklist.py for the formats).
    required_fields = models.JSONField(
        _("required evidence"),
        default=list,
        blank=True,
        help_text=_("What the seller must give when opening a case of this type."),
    )
    # Service-level targets live in sla.SlaPolicy (per case type and tier).
    position = models.PositiveIntegerField(
        _("position"), default=100, help_text=_("Lower numbers come first in the seller's list.")
    )
    active = models.BooleanField(_("active"), default=True)
    # Off for a type another path opens (an appeal is sent from the Account Status page).
    seller_can_open = models.BooleanField(
        _("sellers open it from the form"),
        default=True,
        help_text=_("Off: only the system opens cases of this type (appeals)."),
    )

    # A workflow that owns the cases of this type ("appeal"): only it answers them with a
    # request for information, resolves or reopens them; nobody merges or moves them, and a
    # seller answers on the workflow's own page. Blank for ordinary types.
    workflow = models.SlugField(
        _("owning workflow"),
        max_length=20,
        blank=True,
        help_text=_("Blank for ordinary cases; appeal for the appeal reviews."),
    )

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") else self.name_en

    @property
    def description(self) -> str:
        zh = (get_language() or "").startswith("zh")
        return (self.description_zh if zh else self.description_en) or self.description_en


# A case's number is this plus its id: eight digits from the first case on.
CASE_NUMBER_BASE = 10_000_000


class Case(models.Model):
    # One status enum: the lifecycle's (lifecycle.py owns the states and their transitions).
    Status = lifecycle.Status
    OPEN_STATUSES = lifecycle.ACTIVE
    CLOSED_STATUSES = lifecycle.FINISHED

    number = models.BigIntegerField(unique=True, null=True, editable=False)
    # No single-column indexes on seller and team: case_seller_created and case_team_due
    # start with them, and every index is one more entry per case write (the SLA sweep
    # writes thousands a minute at worst).
    seller = models.ForeignKey(
        "accounts.Seller", on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    site = models.ForeignKey("marketplaces.Site", on_delete=models.PROTECT, related_name="+")
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    status = models.CharField(max_length=20, choices=lifecycle.CHOICES, default=Status.NEW)
    tier = models.CharField(max_length=16, default="standard")
    priority = models.CharField(max_length=16, default="normal")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=500)
    description = models.TextField()
    language = models.CharField(max_length=10)
    fields = models.JSONField(default=dict, blank=True)
    # Indexed by case_created_by (with created_at), which also serves the foreign key.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    first_response_due_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    next_response_due_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # The soonest deadline still running (sla/services.py: apply_sla), kept on the row so queues
    # ordered by "due" and the sweeps read an index instead of computing it per row.
    due_at = models.DateTimeField(null=True, blank=True)
    # The SLA clocks beyond the stored deadlines (see sla/engine.py): when the current
    # next-response clock started, when each target was breached, which warnings went out for
    # the running clocks, and when the sweep must next look at this case.
    next_response_started_at = models.DateTimeField(null=True, blank=True)
    first_response_breached_at = models.DateTimeField(null=True, blank=True)
    next_response_breached_at = models.DateTimeField(null=True, blank=True)
    resolution_breached_at = models.DateTimeField(null=True, blank=True)
    sla_warned = models.JSONField(default=list, blank=True)
    sla_check_at = models.DateTimeField(null=True, blank=True)
    target_percent = models.PositiveSmallIntegerField(default=100)
    escalation_reason = models.CharField(max_length=40, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # case_duplicates: few cases are duplicates
    )
    # Why an agent closed it (resolved, invalid, duplicate, spam): the last three count
    # against the seller (cases/abuse.py).
    close_reason = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "-created_at"], name="case_seller_created"),
            models.Index(fields=["team", "due_at", "id"], name="case_team_due"),
            # Did this person file a case between two times (the deflection report asks it of
            # every opened suggestion): one range read, not every case the person ever filed.
            models.Index(fields=["created_by", "created_at"], name="case_created_by"),
            # Across teams (PostgreSQL 15 has no skip scan). Not partial on the open statuses:
            # SQLite cannot use a partial index when the statuses are bound parameters, as
            # Django's always are. Only running clocks have a due_at, so the cases that are
            # closed, resolved or waiting sort last (NULL) and the first pages read open cases.
            models.Index(fields=["due_at", "id"], name="case_due"),
            # The SLA sweep reads only cases with something due, by when.
            models.Index(
                fields=["sla_check_at"],
                name="case_sla_check",
                condition=Q(sla_check_at__isnull=False),
            ),
            models.Index(
                fields=["duplicate_of"],
                name="case_duplicates",
                condition=Q(duplicate_of__isnull=False),
            ),
            # The recent resolutions (the satisfaction survey's invitations, every minute).
            models.Index(fields=["resolved_at"], name="case_resolved_at"),
            # A team's open cases (the lead's dashboard, polled) without its history, and an
            # agent's oldest open case.
            models.Index(fields=["team", "status"], name="case_team_status"),
            models.Index(fields=["assignee", "status", "created_at"], name="case_assignee_open"),
            # The auto-close sweep reads only resolved cases, by resolution time.
            models.Index(
                fields=["resolved_at"],
                name="case_resolved_sweep",
                condition=Q(status=lifecycle.Status.RESOLVED),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Message(models.Model):
    class Author(models.TextChoices):
        SELLER = "seller", "Seller"
        AGENT = "agent", "Agent"
        SYSTEM = "system", "System"

    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        NOTE = "note", "Internal note"
        REQUEST_INFO = "request_info", "Request for information"
        RESOLUTION = "resolution", "Resolution"
        SYSTEM = "system", "System message"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_kind = models.CharField(max_length=10, choices=Author.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPLY)
    body = models.TextField()
    internal = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_kind} on #{self.case.number}"


class IdempotencyKey(models.Model):
    """Remembers which case a client's ``Idempotency-Key`` created, so a retry gets the same
    case back; the unique constraint makes two concurrent first tries create one case."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_digest = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="uniq_idempotency_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} → case {self.case_id}"


class CasePause(models.Model):
    """A period in which the SLA clocks of a case stood still (waiting on the seller, or
    resolved). Kept as history so deadlines can be recomputed when a policy changes."""

    class Reason(models.TextChoices):
        AWAITING_SELLER = "awaiting_seller", "Waiting on the seller"
        RESOLVED = "resolved", "Resolved"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]

    def __str__(self) -> str:
        return f"#{self.case.number} paused {self.started_at:%Y-%m-%d %H:%M} ({self.reason})"


from .intake_models import SensitiveField, SupportRestriction  # noqa: E402

__all__ = [
    "Case",
    "CasePause",
    "CaseType",
    "IdempotencyKey",
    "Message",
    "SensitiveField",
    "SupportRestriction",
]
