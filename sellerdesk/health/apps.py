from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "sellerdesk.health"
    label = "health"
    verbose_name = _("Account health")
    default_auto_field = "django.db.models.BigAutoField"
