"""Metric definitions are operator data: seeded with the api.md defaults, edited in the admin
(audited), and the import records are visible there read-only."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from sellerdesk.audit.models import AuditEvent
from sellerdesk.orders.models import MetricDefinition

from ..conftest import PASSWORD


def test_defaults_are_seeded(db):
    rows = {
        d.code: (
            d.formula,
            d.fulfilment_channel,
            d.window_days,
            d.lag_days,
            d.target,
            d.target_condition,
            d.enabled,
        )
        for d in MetricDefinition.objects.all()
    }
    assert rows == {
        "order_defect_rate_afn": ("order_defect", "AFN", 60, 0, Decimal("0.01"), "lt", True),
        "order_defect_rate_mfn": ("order_defect", "MFN", 60, 0, Decimal("0.01"), "lt", True),
        "late_shipment_rate_10d": ("late_shipment", "MFN", 10, 0, Decimal("0.04"), "lt", True),
        "late_shipment_rate_30d": ("late_shipment", "MFN", 30, 0, Decimal("0.04"), "lt", True),
        "pre_fulfilment_cancel_rate": (
            "pre_fulfilment_cancel",
            "MFN",
            7,
            0,
            Decimal("0.025"),
            "lt",
            True,
        ),
        "valid_tracking_rate": ("valid_tracking", "MFN", 30, 0, Decimal("0.95"), "gt", True),
        "on_time_delivery_rate": ("on_time_delivery", "MFN", 14, 7, Decimal("0.9"), "gt", True),
    }
    assert all(d.name_zh and d.basis_en and d.basis_zh for d in MetricDefinition.objects.all())


def test_operator_edits_a_definition_in_the_admin(operator):
    client = Client()
    assert client.login(email=operator.email, password=PASSWORD)
    definition = MetricDefinition.objects.get(code="late_shipment_rate_10d")
    url = f"/admin/orders/metricdefinition/{definition.pk}/change/"
    assert client.get(url).status_code == 200
    form = {
        "code": definition.code,
        "name_en": definition.name_en,
        "name_zh": definition.name_zh,
        "formula": definition.formula,
        "basis_en": definition.basis_en,
        "basis_zh": definition.basis_zh,
        "window_days": 14,
        "lag_days": 0,
        "fulfilment_channel": "MFN",
        "target": "0.05",
        "target_condition": "lt",
        "enabled": "on",
        "position": definition.position,
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    definition.refresh_from_db()
    assert (definition.window_days, definition.target) == (14, Decimal("0.05"))
    event = AuditEvent.objects.get(action="metric_definition.saved")
    assert event.before["window_days"] == "10" and event.after["window_days"] == "14"
    assert event.actor == operator
    # A target outside 0–1 is refused by the form.
    response = client.post(url, {**form, "target": "4"})
    assert response.status_code == 200
    definition.refresh_from_db()
    assert definition.target == Decimal("0.05")
    assert client.get("/admin/orders/orderimport/").status_code == 200
