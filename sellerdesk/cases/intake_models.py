"""Models for case intake: sensitive evidence kept encrypted, and support restrictions for
abuse. Imported by models.py so Django registers them with the cases app."""

from django.conf import settings
from django.db import models


class SensitiveField(models.Model):
    """A checklist value that must not be readable at rest (bank details, ID numbers): the
    case's ``fields`` keep only the masked form; the value itself is Fernet ciphertext here."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="secrets")
    code = models.CharField(max_length=40)
    ciphertext = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="uniq_case_secret_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} of case {self.case_id}"


class SupportRestriction(models.Model):
    """Support access downgraded for a cooling period after too many cases closed as invalid,
    duplicate or spam (cases/abuse.py decides; cases/abuse_services.py writes)."""

    seller = models.ForeignKey(
        "accounts.Seller", on_delete=models.CASCADE, related_name="support_restrictions"
    )
    rule = models.CharField(max_length=80)
    counted = models.PositiveIntegerField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["seller", "ends_at"], name="restriction_seller_end")]

    def __str__(self) -> str:
        return f"{self.seller} restricted until {self.ends_at:%Y-%m-%d}"
