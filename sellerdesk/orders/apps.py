from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "sellerdesk.orders"
    verbose_name = _("Order data and health metrics")
    default_auto_field = "django.db.models.BigAutoField"
