from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "sellerdesk.orders"
    verbose_name = "Order data and health metrics"
    default_auto_field = "django.db.models.BigAutoField"
