from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "sellerdesk.appeals"
    label = "appeals"
    verbose_name = _("Appeals")
    default_auto_field = "django.db.models.BigAutoField"
