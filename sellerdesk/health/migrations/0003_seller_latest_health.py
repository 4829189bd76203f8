"""Fill the seller row's latest evaluation (accounts 0002) from each seller's latest snapshot,
so the staff overview and case priority read it from the first deployment on. Disputes were
not counted before, so they stay unknown (no priority bonus) until the next evaluation."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Seller = apps.get_model("accounts", "Seller")
    HealthSnapshot = apps.get_model("health", "HealthSnapshot")
    latest = HealthSnapshot.objects.filter(seller=OuterRef("pk")).order_by("-as_of")
    Seller.objects.filter(pk__in=HealthSnapshot.objects.values("seller")).update(
        health_score=Subquery(latest.values("score")[:1]),
        health_band=Subquery(latest.values("band")[:1]),
        health_as_of=Subquery(latest.values("as_of")[:1]),
    )


def empty(apps, schema_editor):
    Seller = apps.get_model("accounts", "Seller")
    Seller.objects.update(
        health_score=None, health_band="", health_disputes=None, health_as_of=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seller_health"),
        ("health", "0002_defaults"),
    ]

    operations = [migrations.RunPython(fill, empty)]
