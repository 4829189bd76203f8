from django.db import migrations

from sellerdesk.sites.defaults import DEFAULT_SITES


def load(apps, schema_editor):
    Site = apps.get_model("marketplaces", "Site")
    for code, name, currency, tz, languages in DEFAULT_SITES:
        Site.objects.get_or_create(
            code=code,
            defaults={"name": name, "currency": currency, "time_zone": tz, "support_languages": languages},
        )


class Migration(migrations.Migration):
    dependencies = [("marketplaces", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
