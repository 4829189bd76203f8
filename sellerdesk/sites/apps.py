from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sellerdesk.sites"
    label = "marketplaces"  # "sites" is taken by django.contrib.sites
    verbose_name = _("Marketplace sites")
    default_auto_field = "django.db.models.BigAutoField"
