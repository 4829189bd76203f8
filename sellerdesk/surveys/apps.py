from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "sellerdesk.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction surveys")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The API words the survey's field errors in Chinese as the pages do.
        from . import words  # noqa: F401
