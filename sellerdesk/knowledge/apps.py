from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    """Seller University: articles, search, case deflection and training events."""

    name = "sellerdesk.knowledge"
    label = "knowledge"
    verbose_name = "Seller University"
    default_auto_field = "django.db.models.BigAutoField"
