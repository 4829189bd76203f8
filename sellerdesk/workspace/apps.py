from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    """The agent workspace: macros and saved views."""

    name = "sellerdesk.workspace"
    label = "workspace"
    verbose_name = "Agent workspace"
    default_auto_field = "django.db.models.BigAutoField"
