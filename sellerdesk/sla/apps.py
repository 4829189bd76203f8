from django.apps import AppConfig


class SlaConfig(AppConfig):
    name = "sellerdesk.sla"
    verbose_name = "SLA policies and calendars"
    default_auto_field = "django.db.models.BigAutoField"
