from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sellerdesk.sites"
    label = "marketplaces"  # "sites" is taken by django.contrib.sites
    verbose_name = "Marketplace sites"
    default_auto_field = "django.db.models.BigAutoField"
