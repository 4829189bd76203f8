"""Operator data for service levels: targets per case type and tier, business calendars, and
the few numbers of the escalation rules. Seeded with the seed's defaults by migrations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SlaSettings(models.Model):
    """The desk-wide SLA numbers (one row). The seed's defaults: warn at 75 % of a target;
    a seller may escalate after 72 h without an agent reply."""

    warn_at_percent = models.PositiveSmallIntegerField(
        _("warn at (percent of a target)"),
        default=75,
        help_text=_("Agents are warned when this share of a target has run."),
    )
    seller_escalation_after_hours = models.PositiveIntegerField(
        _("seller may escalate after (hours)"),
        default=72,
        help_text=_("Hours without an agent reply after which a seller may escalate a case."),
    )
    # The seed: sellers with high account health and few disputes are handled faster.
    high_health_score = models.PositiveIntegerField(
        _("high account health score"),
        default=800,
        help_text=_("Sellers with at least this account health score are handled faster."),
    )
    high_health_max_disputes = models.PositiveIntegerField(
        _("disputes allowed with high health"),
        default=0,
        help_text=_("More recent disputes than this and the seller is not handled faster."),
    )
    high_health_target_percent = models.PositiveSmallIntegerField(
        _("targets with high health (percent)"),
        default=80,
        help_text=_("Sellers with high account health get this share of the usual targets."),
    )
    # Targets for a case type and tier without its own policy row (the seed: "other types 48 h"),
    # and how much of the standard targets premium gets when its row is missing (half).
    default_first_response_minutes = models.PositiveIntegerField(
        _("default first response"),
        default=48 * 60,
        help_text=_("For a case type and tier without its own SLA policy."),
    )
    default_next_response_minutes = models.PositiveIntegerField(
        _("default next response"),
        default=24 * 60,
        help_text=_("For a case type and tier without its own SLA policy."),
    )
    default_resolution_minutes = models.PositiveIntegerField(
        _("default resolution"),
        default=5 * 24 * 60,
        help_text=_("For a case type and tier without its own SLA policy."),
    )
    premium_target_percent = models.PositiveSmallIntegerField(
        _("premium targets (percent of standard)"),
        default=50,
        help_text=_(
            "Premium sellers get this share of the standard targets where no premium policy is set."
        ),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("SLA settings")

    def __str__(self) -> str:
        return "SLA settings"

    @classmethod
    def current(cls) -> "SlaSettings":
        return cls.objects.order_by("pk").first() or cls()


class SlaPolicy(models.Model):
    """Targets for one case type and support tier, in running minutes of its calendar."""

    case_type = models.ForeignKey(
        "cases.CaseType",
        on_delete=models.CASCADE,
        related_name="sla_policies",
        verbose_name=_("case type"),
    )
    tier = models.CharField(
        _("support tier"), max_length=16, default="standard", help_text=_("standard or premium")
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response"), help_text=_("Working time of the calendar until the first reply.")
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response"),
        help_text=_("Working time until the next reply after the seller writes."),
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution"), help_text=_("Working time until the case is resolved.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["case_type__position", "tier"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["case_type", "tier"], name="uniq_sla_policy"),
        ]

    def __str__(self) -> str:
        return f"{self.case_type.code}/{self.tier}"


class BusinessCalendar(models.Model):
    """Working hours in a time zone for a team, a site, or a team on a site. Cases without a
    matching calendar run on the 24×7 clock the seed's numbers are written in."""

    name = models.CharField(_("name"), max_length=100)
    time_zone = models.CharField(
        _("time zone"), max_length=64, help_text=_("An IANA time zone, e.g. Asia/Shanghai.")
    )
    # {"0": [["09:00", "18:00"]], …} — weekday 0 is Monday; "24:00" or "00:00" ends at midnight.
    hours = models.JSONField(
        _("working hours"),
        default=dict,
        help_text=_(
            'Per weekday (0 is Monday) a list of [start, end], e.g. {"0": [["09:00", "18:00"]]}; '
            '"24:00" ends at midnight.'
        ),
    )
    holiday_country = models.CharField(
        _("public holidays of"),
        max_length=2,
        blank=True,
        help_text=_("A country code, e.g. CN, US, DE, JP; empty for none."),
    )
    holiday_subdivision = models.CharField(
        _("region"),
        max_length=10,
        blank=True,
        help_text=_("A state or province code, where the holidays differ by region."),
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendars",
        verbose_name=_("team"),
    )
    site = models.ForeignKey(
        "marketplaces.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendars",
        verbose_name=_("site"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.UniqueConstraint(fields=["team", "site"], name="uniq_calendar_scope"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from .calendars import parse_hours

        if self.team_id is None and self.site_id is None:
            raise ValidationError(_("A calendar applies to a team, a site, or both."))
        try:
            parse_hours(self.hours)
        except ValueError as exc:
            raise ValidationError({"hours": str(exc)}) from exc


class CalendarClosure(models.Model):
    """A day the calendar's team does not work, beyond public holidays."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("calendar"),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("closed day")
        verbose_name_plural = _("closed days")
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="uniq_calendar_closure"),
        ]

    def __str__(self) -> str:
        return f"{self.calendar} closed {self.date}"
