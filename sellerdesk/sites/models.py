from django.db import models


class Site(models.Model):
    """A marketplace site (US, DE, JP, …): its currency, time zone and the languages its
    support serves. Operator data, seeded with defaults by a data migration."""

    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=100)
    currency = models.CharField(max_length=3)
    time_zone = models.CharField(max_length=64)
    # Language codes (Django style: "en", "zh-hans", "ja") that support answers in here.
    support_languages = models.JSONField(default=list)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
