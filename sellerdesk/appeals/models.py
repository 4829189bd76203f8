"""Appeals against an account cause (a review, restriction or deactivation): the seller's plan
of action in versions, the evidence each version carries, the reviewers' decisions, and the
operator data that says what an appeal must hold (evidence requirements, required reading,
rejection reasons)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_language(en: str, zh: str) -> str:
    return (zh or en) if (get_language() or "").startswith("zh") else en


class EvidenceRequirement(models.Model):
    """A document an appeal against one kind of cause must carry (operator data). The cause
    kinds are those of ``kinds.py``: a policy violation's kind (``authenticity``,
    ``ip_complaint``, …), ``metrics`` or ``health_score``; ``any`` applies to every appeal."""

    cause_kind = models.SlugField(
        max_length=40,
        verbose_name=_("cause kind"),
        help_text=_("authenticity, ip_complaint, metrics, health_score, … or any"),
    )
    code = models.SlugField(max_length=40, verbose_name=_("code"))
    label_en = models.CharField(max_length=200, verbose_name=_("label (English)"))
    label_zh = models.CharField(max_length=200, verbose_name=_("label (Chinese)"))
    help_en = models.TextField(blank=True, verbose_name=_("help (English)"))
    help_zh = models.TextField(blank=True, verbose_name=_("help (Chinese)"))
    required = models.BooleanField(default=True, verbose_name=_("required"))
    max_age_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name=_("date window (days)"),
        help_text=_("Documents must be dated within this many days. Blank: no window."),
    )
    needs_supplier = models.BooleanField(
        default=False,
        verbose_name=_("names the supplier"),
        help_text=_("The document must give the supplier's name and address (invoices)."),
    )
    position = models.PositiveIntegerField(default=100, verbose_name=_("position"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        ordering = ["cause_kind", "position", "code"]
        verbose_name = _("evidence requirement")
        verbose_name_plural = _("evidence requirements")
        constraints = [
            models.UniqueConstraint(fields=["cause_kind", "code"], name="uniq_evidence_req"),
        ]

    def __str__(self) -> str:
        return f"{self.cause_kind}/{self.code}"

    @property
    def label(self) -> str:
        return _in_language(self.label_en, self.label_zh)

    @property
    def help(self) -> str:
        return _in_language(self.help_en, self.help_zh)


class AppealGuide(models.Model):
    """The Seller University articles an appeal against one kind of cause points to: the
    guidance and the worked example. With ``reading_required`` a seller under an automated
    review must open them before the appeal reaches the reviewers (the self-service steps)."""

    cause_kind = models.SlugField(max_length=40, unique=True, verbose_name=_("cause kind"))
    articles = models.JSONField(
        default=list,
        blank=True,
        verbose_name=_("articles"),
        help_text=_("Keys of Seller University articles, in reading order."),
    )
    reading_required = models.BooleanField(
        default=True,
        verbose_name=_("reading required"),
        help_text=_("Under an automated review the seller must open these before review."),
    )

    class Meta:
        ordering = ["cause_kind"]
        verbose_name = _("appeal guide")
        verbose_name_plural = _("appeal guides")

    def __str__(self) -> str:
        return self.cause_kind


class RejectionReason(models.Model):
    """A structured reason a reviewer gives when rejecting an appeal (operator data)."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    label_en = models.CharField(max_length=200, verbose_name=_("label (English)"))
    label_zh = models.CharField(max_length=200, verbose_name=_("label (Chinese)"))
    position = models.PositiveIntegerField(default=100, verbose_name=_("position"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return _in_language(self.label_en, self.label_zh)


class Appeal(models.Model):
    """One appeal against one cause. Open while it waits for its self-service steps, is in
    review or was sent back for more information; at most one open appeal per cause."""

    class Status(models.TextChoices):
        SELF_SERVICE = "self_service", _("Self-service steps to finish")
        IN_REVIEW = "in_review", _("In review")
        INFO_REQUESTED = "info_requested", _("More information requested")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    OPEN = (Status.SELF_SERVICE, Status.IN_REVIEW, Status.INFO_REQUESTED)

    seller = models.ForeignKey(
        "accounts.Seller",
        on_delete=models.CASCADE,
        related_name="appeals",
        verbose_name=_("seller"),
    )
    cause = models.ForeignKey(
        "health.AccountCause",
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("account cause"),
    )
    # The cause's kinds when the appeal was opened (kinds.py): which requirements apply.
    cause_kinds = models.JSONField(default=list, verbose_name=_("cause kinds"))
    status = models.CharField(
        max_length=16, choices=Status.choices, db_index=True, verbose_name=_("status")
    )
    # The review case (Account Health team, under the SLA engine); set once the appeal
    # reaches the reviewers.
    case = models.OneToOneField(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeal",
        verbose_name=_("review case"),
    )
    # Self-service reading done: article key → when the seller opened it from the appeal.
    readings = models.JSONField(default=dict, blank=True, verbose_name=_("articles read"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"))
    submitted_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("reached the reviewers at")
    )
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided at"))
    updated_at = models.DateTimeField(verbose_name=_("updated at"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.UniqueConstraint(
                fields=["cause"],
                condition=Q(status__in=["self_service", "in_review", "info_requested"]),
                name="uniq_open_appeal_per_cause",
            ),
        ]
        indexes = [models.Index(fields=["seller", "created_at"], name="appeal_seller_created")]

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class AppealVersion(models.Model):
    """The plan of action as sent once. Sending it again after a request for more
    information makes a new version; none is ever changed."""

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="versions", verbose_name=_("appeal")
    )
    number = models.PositiveIntegerField(verbose_name=_("version"))
    # English: what the reviewers read.
    root_cause = models.TextField(verbose_name=_("root cause"))
    corrective_actions = models.TextField(verbose_name=_("corrective actions taken"))
    preventive_measures = models.TextField(verbose_name=_("preventive measures"))
    # The seller's own Chinese draft, kept beside the English for them.
    draft_zh = models.JSONField(default=dict, blank=True, verbose_name=_("Chinese draft"))
    # The quality check's findings when this version was sent (quality.Finding as dicts).
    findings = models.JSONField(default=list, blank=True, verbose_name=_("quality findings"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"))

    class Meta:
        ordering = ["appeal", "number"]
        verbose_name = _("appeal version")
        verbose_name_plural = _("appeal versions")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "number"], name="uniq_appeal_version"),
        ]

    def __str__(self) -> str:
        return f"appeal {self.appeal_id} v{self.number}"


class AppealEvidence(models.Model):
    """One file a version carries, for one requirement, with what the seller states about it
    (the document's date, the supplier on an invoice)."""

    version = models.ForeignKey(
        AppealVersion, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("version")
    )
    attachment = models.ForeignKey(
        "attachments.Attachment",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
    )
    requirement = models.SlugField(max_length=40, verbose_name=_("requirement"))
    document_date = models.DateField(null=True, blank=True, verbose_name=_("document date"))
    supplier_name = models.CharField(max_length=200, blank=True, verbose_name=_("supplier name"))
    supplier_address = models.CharField(
        max_length=500, blank=True, verbose_name=_("supplier address")
    )

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("appeal evidence")
        verbose_name_plural = _("appeal evidence")

    def __str__(self) -> str:
        return f"{self.requirement}: {self.attachment_id}"


class AppealDecision(models.Model):
    """A reviewer's decision on a version: accept (reinstate), reject, or ask for more."""

    class Outcome(models.TextChoices):
        ACCEPT = "accept", _("Accepted")
        REJECT = "reject", _("Rejected")
        REQUEST_INFO = "request_info", _("More information requested")

    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("appeal")
    )
    version = models.ForeignKey(
        AppealVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("version")
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices, verbose_name=_("outcome"))
    reasons = models.JSONField(default=list, blank=True, verbose_name=_("reasons"))
    text = models.TextField(blank=True, verbose_name=_("message"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"))

    class Meta:
        ordering = ["appeal", "decided_at", "id"]
        verbose_name = _("appeal decision")
        verbose_name_plural = _("appeal decisions")

    def __str__(self) -> str:
        return f"appeal {self.appeal_id} {self.outcome}"
