from django.db import models
from django.utils.translation import gettext_lazy as _


class Site(models.Model):
    """A marketplace site (US, DE, JP, …): its currency, time zone and the languages its
    support serves. Operator data, seeded with defaults by a data migration."""

    code = models.CharField(max_length=8, unique=True, verbose_name=_("code"))
    name = models.CharField(max_length=100, verbose_name=_("name"))
    currency = models.CharField(max_length=3, verbose_name=_("currency"))
    time_zone = models.CharField(max_length=64, verbose_name=_("time zone"))
    # Language codes (Django style: "en", "zh-hans", "ja") that support answers in here.
    support_languages = models.JSONField(default=list, verbose_name=_("support languages"))
    active = models.BooleanField(default=True, verbose_name=_("active"))

    class Meta:
        verbose_name = _("marketplace site")
        verbose_name_plural = _("marketplace sites")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code
