from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "sellerdesk.health"
    label = "health"
    verbose_name = "Account health"
    default_auto_field = "django.db.models.BigAutoField"
