from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sellerdesk.cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the evidence inputs' labels and hints, which the API's errors use too.
        from .views import labels  # noqa: F401
