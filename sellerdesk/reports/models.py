"""The reports' own tables: one fact row per case (what the reports need of it, and which days
it counts on) and the daily rollups the report pages and the API read. The worker keeps them
current (``rollup.rollup_refresh``); nothing else writes them. See ADR 0012."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseFact(models.Model):
    """A case as the reports count it. ``case_id`` is the case's id without a foreign key:
    the rollups are a copy kept by the worker, and a deleted case (whose audit events go with
    it) is removed by the nightly rebuild rather than by a cascade the writers of cases would
    pay for."""

    case_id = models.BigIntegerField(primary_key=True)
    site_id = models.IntegerField()
    team_id = models.IntegerField()
    case_type_id = models.IntegerField()
    tier = models.CharField(max_length=16)
    created_day = models.DateField()
    # First response: seconds from opening, and whether it came within its SLA target
    # (None while neither a response nor a breach has happened).
    first_response_seconds = models.BigIntegerField(null=True)
    first_response_within = models.BooleanField(null=True)
    first_response_bucket = models.SmallIntegerField(null=True)
    finished_day = models.DateField(null=True)
    resolved_day = models.DateField(null=True)
    resolution_seconds = models.BigIntegerField(null=True)
    resolution_bucket = models.SmallIntegerField(null=True)
    first_response_breach_day = models.DateField(null=True)
    next_response_breach_day = models.DateField(null=True)
    resolution_breach_day = models.DateField(null=True)
    escalated_day = models.DateField(null=True)
    # Counted in the satisfaction survey's response rate (its seller is asked to rate it:
    # ``surveys.policy.rateable``), and its rating of the latest resolution when there is one.
    surveyed = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["created_day"], name="fact_created"),
            models.Index(fields=["finished_day"], name="fact_finished"),
            models.Index(fields=["resolved_day"], name="fact_resolved"),
            models.Index(fields=["first_response_breach_day"], name="fact_fr_breach"),
            models.Index(fields=["next_response_breach_day"], name="fact_nr_breach"),
            models.Index(fields=["resolution_breach_day"], name="fact_res_breach"),
            models.Index(fields=["escalated_day"], name="fact_escalated"),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id}"


class CaseDay(models.Model):
    """What happened on one day to the cases of one site, team, case type and tier. Each
    column counts on its own day: ``opened`` and the first-response columns on the day the
    case was opened; ``finished`` when it was resolved or closed; the resolution and
    satisfaction columns on the day of its (latest) resolution; breaches and escalations on
    the day they happened."""

    day = models.DateField()
    site_id = models.IntegerField()
    team_id = models.IntegerField()
    case_type_id = models.IntegerField()
    tier = models.CharField(max_length=16)
    opened = models.IntegerField(default=0)
    finished = models.IntegerField(default=0)
    first_responses = models.IntegerField(default=0)
    first_response_seconds = models.BigIntegerField(default=0)
    first_response_judged = models.IntegerField(default=0)
    first_response_within = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    resolution_seconds = models.BigIntegerField(default=0)
    first_response_breaches = models.IntegerField(default=0)
    next_response_breaches = models.IntegerField(default=0)
    resolution_breaches = models.IntegerField(default=0)
    escalations = models.IntegerField(default=0)
    surveyed = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    rating_sum = models.IntegerField(default=0)
    rating_1 = models.IntegerField(default=0)
    rating_2 = models.IntegerField(default=0)
    rating_3 = models.IntegerField(default=0)
    rating_4 = models.IntegerField(default=0)
    rating_5 = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "site_id", "team_id", "case_type_id", "tier"],
                name="uniq_case_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.site_id}/{self.team_id}/{self.case_type_id}/{self.tier}"


class DurationBucket(models.Model):
    """How many cases' first response (on the day they were opened) or resolution (on the
    day they were resolved) fell in each duration bucket (``buckets.EDGES``): the medians and
    90th percentiles are read from these."""

    class Measure(models.TextChoices):
        FIRST_RESPONSE = "fr", _("first response")
        RESOLUTION = "res", _("resolution")

    day = models.DateField()
    site_id = models.IntegerField()
    team_id = models.IntegerField()
    case_type_id = models.IntegerField()
    tier = models.CharField(max_length=16)
    measure = models.CharField(max_length=3, choices=Measure.choices)
    bucket = models.SmallIntegerField()
    count = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["measure", "day"], name="bucket_measure_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.measure}[{self.bucket}] = {self.count}"


class RollupState(models.Model):
    """The one row saying how far the rollups have read: changes at or after
    ``changes_through`` (less the overlap) are read by the next refresh."""

    changes_through = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)
    rebuilt_at = models.DateTimeField(null=True)
    facts = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"rollups as of {self.refreshed_at}"
