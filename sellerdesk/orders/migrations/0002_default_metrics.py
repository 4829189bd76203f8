from decimal import Decimal

from django.db import migrations

from sellerdesk.orders.defaults import DEFAULT_METRICS


def load(apps, schema_editor):
    MetricDefinition = apps.get_model("orders", "MetricDefinition")
    for position, spec in enumerate(DEFAULT_METRICS):
        values = {**spec, "target": Decimal(spec["target"]), "position": position}
        code = values.pop("code")
        MetricDefinition.objects.get_or_create(code=code, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
