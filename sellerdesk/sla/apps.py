from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sellerdesk.sla"
    verbose_name = _("SLA policies and calendars")
    default_auto_field = "django.db.models.BigAutoField"
