from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The agent workspace: macros and saved views."""

    name = "sellerdesk.workspace"
    label = "workspace"
    verbose_name = _("Agent workspace")
    default_auto_field = "django.db.models.BigAutoField"
