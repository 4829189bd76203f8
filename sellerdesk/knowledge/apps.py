from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Seller University: articles, search, case deflection and training events."""

    name = "sellerdesk.knowledge"
    label = "knowledge"
    verbose_name = _("Seller University")
    default_auto_field = "django.db.models.BigAutoField"
