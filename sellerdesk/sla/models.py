"""Operator data for service levels: targets per case type and tier, business calendars, and
the few numbers of the escalation rules. Seeded with the seed's defaults by migrations."""

from django.core.exceptions import ValidationError
from django.db import models


class SlaSettings(models.Model):
    """The desk-wide SLA numbers (one row). The seed's defaults: warn at 75 % of a target;
    a seller may escalate after 72 h without an agent reply."""

    warn_at_percent = models.PositiveSmallIntegerField(default=75)
    seller_escalation_after_hours = models.PositiveIntegerField(default=72)
    # The seed: sellers with high account health and few disputes are handled faster.
    high_health_score = models.PositiveIntegerField(default=800)
    high_health_max_disputes = models.PositiveIntegerField(default=0)
    high_health_target_percent = models.PositiveSmallIntegerField(default=80)
    # Targets for a case type and tier without its own policy row (the seed: "other types 48 h"),
    # and how much of the standard targets premium gets when its row is missing (half).
    default_first_response_minutes = models.PositiveIntegerField(default=48 * 60)
    default_next_response_minutes = models.PositiveIntegerField(default=24 * 60)
    default_resolution_minutes = models.PositiveIntegerField(default=5 * 24 * 60)
    premium_target_percent = models.PositiveSmallIntegerField(default=50)

    class Meta:
        verbose_name = verbose_name_plural = "SLA settings"

    def __str__(self) -> str:
        return "SLA settings"

    @classmethod
    def current(cls) -> "SlaSettings":
        return cls.objects.order_by("pk").first() or cls()


class SlaPolicy(models.Model):
    """Targets for one case type and support tier, in running minutes of its calendar."""

    case_type = models.ForeignKey(
        "cases.CaseType", on_delete=models.CASCADE, related_name="sla_policies"
    )
    tier = models.CharField(max_length=16, default="standard")
    first_response_minutes = models.PositiveIntegerField()
    next_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case_type__position", "tier"]
        verbose_name_plural = "SLA policies"
        constraints = [
            models.UniqueConstraint(fields=["case_type", "tier"], name="uniq_sla_policy"),
        ]

    def __str__(self) -> str:
        return f"{self.case_type.code}/{self.tier}"


class BusinessCalendar(models.Model):
    """Working hours in a time zone for a team, a site, or a team on a site. Cases without a
    matching calendar run on the 24×7 clock the seed's numbers are written in."""

    name = models.CharField(max_length=100)
    time_zone = models.CharField(max_length=64)
    # {"0": [["09:00", "18:00"]], …} — weekday 0 is Monday; "24:00" or "00:00" ends at midnight.
    hours = models.JSONField(default=dict)
    holiday_country = models.CharField(max_length=2, blank=True, help_text="e.g. CN, US, DE, JP")
    holiday_subdivision = models.CharField(max_length=10, blank=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="calendars"
    )
    site = models.ForeignKey(
        "marketplaces.Site",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendars",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "site"], name="uniq_calendar_scope"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from .calendars import parse_hours

        if self.team_id is None and self.site_id is None:
            raise ValidationError("A calendar applies to a team, a site, or both.")
        try:
            parse_hours(self.hours)
        except ValueError as exc:
            raise ValidationError({"hours": str(exc)}) from exc


class CalendarClosure(models.Model):
    """A day the calendar's team does not work, beyond public holidays."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="closures"
    )
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="uniq_calendar_closure"),
        ]

    def __str__(self) -> str:
        return f"{self.calendar} closed {self.date}"
