"""Bookkeeping for order data. The orders themselves are a Parquet dataset under
``settings.ORDERS_DIR`` (``dataset.py``, docs/adr/0004-orders-as-parquet.md), never rows here:
this database records who imported what, and the operator-editable metric definitions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


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
    )
    source = models.CharField(max_length=8, default="cli")  # "cli" or "api"
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField(default=0)
    file_format = models.CharField(max_length=8, blank=True)
    encoding = models.CharField(max_length=16, blank=True)
    strict = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    received = models.BigIntegerField(default=0)
    inserted = models.BigIntegerField(default=0)
    updated = models.BigIntegerField(default=0)
    unchanged = models.BigIntegerField(default=0)
    rejected_rows = models.BigIntegerField(default=0)
    # The first rejected rows ({row, field, message}); the full list can be large.
    rejected_sample = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    dataset_version = models.PositiveIntegerField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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

    code = models.SlugField(max_length=64, unique=True)
    name_en = models.CharField(max_length=100)
    name_zh = models.CharField(max_length=100)
    formula = models.CharField(max_length=32, choices=Formula.choices)
    basis_en = models.TextField(blank=True, help_text="The population and what is counted.")
    basis_zh = models.TextField(blank=True)
    window_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3660)]
    )
    # The window ends this many days before the as-of date (on-time delivery: 7).
    lag_days = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(3660)])
    fulfilment_channel = models.CharField(
        max_length=3, choices=Channel.choices, blank=True, default=Channel.ANY
    )
    target = models.DecimalField(
        max_digits=7,
        decimal_places=6,
        help_text="A fraction: 0.01 is 1 %.",
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    target_condition = models.CharField(max_length=2, choices=Condition.choices)
    enabled = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.target is not None and not Decimal("0") <= self.target <= Decimal("1"):
            raise ValidationError({"target": "The target is a fraction between 0 and 1."})
