"""Bookkeeping for order data. The orders themselves are a Parquet dataset under
``settings.ORDERS_DIR`` (``dataset.py``, docs/adr/0004-orders-as-parquet.md), never rows here:
this database records who imported what, and the operator-editable metric definitions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderImport(models.Model):
    """One run of ``sellerdesk orders import`` or ``POST /api/v1/orders/import``."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        # --strict and at least one bad row: nothing was written.
        REJECTED = "rejected", "Rejected (strict)"
        FAILED = "failed", "Failed"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_imports",
        verbose_name=_("actor"),
    )
    source = models.CharField(
        max_length=8, default="cli", verbose_name=_("source")
    )  # "cli" or "api"
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    sha256 = models.CharField(max_length=64, verbose_name=_("SHA-256"))
    size_bytes = models.BigIntegerField(default=0, verbose_name=_("size (bytes)"))
    file_format = models.CharField(max_length=8, blank=True, verbose_name=_("file format"))
    encoding = models.CharField(max_length=16, blank=True, verbose_name=_("encoding"))
    strict = models.BooleanField(default=False, verbose_name=_("strict"))
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RUNNING, verbose_name=_("status")
    )
    received = models.BigIntegerField(default=0, verbose_name=_("rows received"))
    inserted = models.BigIntegerField(default=0, verbose_name=_("rows inserted"))
    updated = models.BigIntegerField(default=0, verbose_name=_("rows updated"))
    unchanged = models.BigIntegerField(default=0, verbose_name=_("rows unchanged"))
    rejected_rows = models.BigIntegerField(default=0, verbose_name=_("rejected rows"))
    # The first rejected rows ({row, field, message}); the full list can be large.
    rejected_sample = models.JSONField(default=list, blank=True, verbose_name=_("rejected sample"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    dataset_version = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("dataset version")
    )
    started_at = models.DateTimeField(verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        verbose_name = _("order import")
        verbose_name_plural = _("order imports")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["sha256"], name="orders_import_sha256")]

    def __str__(self) -> str:
        return f"import {self.pk} {self.file_name} ({self.status})"


class MetricDefinition(models.Model):
    """One account-health metric: which formula, over which window, against which target.

    The formula (what the population and the counted events are) is code in ``metric_sql.py``,
    written once and run by DuckDB and by Spark; everything an operator may tune is here.
    """

    class Formula(models.TextChoices):
        ORDER_DEFECT = "order_defect", "Order defect rate"
        LATE_SHIPMENT = "late_shipment", "Late shipment rate"
        PRE_FULFILMENT_CANCEL = "pre_fulfilment_cancel", "Pre-fulfilment cancel rate"
        VALID_TRACKING = "valid_tracking", "Valid tracking rate"
        ON_TIME_DELIVERY = "on_time_delivery", "On-time delivery rate"

    class Condition(models.TextChoices):
        LESS_THAN = "lt", "below the target"
        GREATER_THAN = "gt", "above the target"

    class Channel(models.TextChoices):
        ANY = "", "Any"
        AFN = "AFN", "AFN (fulfilled by the marketplace)"
        MFN = "MFN", "MFN (fulfilled by the seller)"

    code = models.SlugField(max_length=64, unique=True, verbose_name=_("code"))
    name_en = models.CharField(max_length=100, verbose_name=_("name (English)"))
    name_zh = models.CharField(max_length=100, verbose_name=_("name (Chinese)"))
    formula = models.CharField(max_length=32, choices=Formula.choices, verbose_name=_("formula"))
    basis_en = models.TextField(
        blank=True,
        help_text=_("The population and what is counted."),
        verbose_name=_("basis (English)"),
    )
    basis_zh = models.TextField(blank=True, verbose_name=_("basis (Chinese)"))
    window_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3660)], verbose_name=_("window (days)")
    )
    # The window ends this many days before the as-of date (on-time delivery: 7).
    lag_days = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(3660)], verbose_name=_("lag (days)")
    )
    fulfilment_channel = models.CharField(
        max_length=3,
        choices=Channel.choices,
        blank=True,
        default=Channel.ANY,
        verbose_name=_("fulfilment channel"),
    )
    target = models.DecimalField(
        max_digits=7,
        decimal_places=6,
        help_text=_("A fraction: 0.01 is 1 %."),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        verbose_name=_("target"),
    )
    target_condition = models.CharField(
        max_length=2, choices=Condition.choices, verbose_name=_("target condition")
    )
    enabled = models.BooleanField(default=True, verbose_name=_("enabled"))
    position = models.PositiveSmallIntegerField(default=0, verbose_name=_("position"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("metric definition")
        verbose_name_plural = _("metric definitions")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.target is not None and not Decimal("0") <= self.target <= Decimal("1"):
            raise ValidationError({"target": "The target is a fraction between 0 and 1."})
