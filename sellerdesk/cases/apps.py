from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sellerdesk.cases"
    verbose_name = _("Cases")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the evidence inputs' labels and hints, which the API's errors use too.
        from .views import labels  # noqa: F401
