from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Macro(models.Model):
    """A canned reply in both languages, personal (``owner``) or shared with a team
    (``team``), that may also act on the case (see ``placeholders.py`` for what it may say)."""

    class Action(models.TextChoices):
        NONE = "none", _("Reply only")
        REQUEST_INFO = "request_info", _("Request information")
        RESOLVE = "resolve", _("Resolve the case")
        NOTE = "note", _("Internal note")

    name = models.CharField(max_length=120, verbose_name=_("name"))
    body_en = models.TextField(verbose_name=_("body (English)"))
    body_zh = models.TextField(blank=True, verbose_name=_("body (Chinese)"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        verbose_name=_("team"),
    )
    action = models.CharField(
        max_length=16, choices=Action.choices, default=Action.NONE, verbose_name=_("action")
    )
    # With action "resolve": resolved, invalid, duplicate or spam (cases/abuse.py).
    close_reason = models.CharField(max_length=16, blank=True, verbose_name=_("close reason"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False, team__isnull=True)
                | Q(owner__isnull=True, team__isnull=False),
                name="macro_owner_xor_team",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def body_for(self, language: str) -> str:
        """The body in ``language`` (a Chinese code: the Chinese body, when there is one)."""
        if (language or "").startswith("zh") and self.body_zh.strip():
            return self.body_zh
        return self.body_en


class SavedView(models.Model):
    """A named queue filter (the console queue's query string), personal (``owner``) or
    shared with a team (``team``)."""

    name = models.CharField(max_length=80, verbose_name=_("name"))
    query = models.CharField(max_length=1000, blank=True, verbose_name=_("query"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("team"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False, team__isnull=True)
                | Q(owner__isnull=True, team__isnull=False),
                name="savedview_owner_xor_team",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CaseViewer(models.Model):
    """Who has a case open in the console, kept fresh by the page's poll: a light presence
    record, not case state (it is overwritten every few seconds and not audited)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    typing_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="uniq_case_viewer"),
        ]
        indexes = [models.Index(fields=["case", "seen_at"], name="case_viewer_seen")]

    def __str__(self) -> str:
        return f"{self.user} on case {self.case_id}"
