"""Each default metric on small hand-built datasets with known answers, edges included.

All tests evaluate as of 2025-03-31: the as-of instant T is 2025-04-01 00:00 UTC, and an N-day
window covers the N whole UTC days ending on the as-of date (both ends included).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.orders import targets
from sellerdesk.orders.metrics import compute_metrics
from sellerdesk.orders.models import MetricDefinition
from sellerdesk.orders.services import order_import_run

from .conftest import order, write_csv

AS_OF = date(2025, 3, 31)


def load(tmp_path, rows):
    result = order_import_run(actor=None, path=write_csv(tmp_path / "orders.csv", rows))
    assert result.rejected == [], result.rejected
    return result


def values(seller="A1SELLER", marketplace="US", **kwargs):
    out = {}
    for v in compute_metrics(as_of=AS_OF, **kwargs):
        if v.seller_code == seller and v.marketplace == marketplace:
            out[v.metric] = v
    return out


def counts(metric: str, **kwargs) -> tuple[int, int]:
    v = values(**kwargs)[metric]
    return v.numerator, v.denominator


def purchased(ts: str, **overrides) -> dict:
    """An order bought at ``ts`` that ships on time and is delivered on time."""
    fields = {
        "purchased_at": ts,
        "ship_by": ts,
        "shipped_at": ts,
        "promised_delivery_at": ts,
        "delivered_at": ts,
    }
    fields.update(overrides)
    return fields


# --- order defect rate --------------------------------------------------------------------


def test_order_defect_window_edges_are_whole_utc_days(sellers, tmp_path):
    load(
        tmp_path,
        [
            # 60 days as of 03-31: 01-31 00:00 (in) … 03-31 23:59:59 (in).
            order(
                "in-first",
                **purchased("2025-01-31 00:00:00", negative_feedback_at="2025-02-01 00:00:00"),
            ),
            order(
                "out-before",
                **purchased("2025-01-30 23:59:59", negative_feedback_at="2025-02-01 00:00:00"),
            ),
            order("in-last", **purchased("2025-03-31T23:59:59Z")),
            # 04-01 00:30 in Shanghai is 03-31 16:30 UTC: inside.
            order("in-offset", **purchased("2025-04-01T00:30:00+08:00")),
            order("out-after", **purchased("2025-04-01 00:00:00")),
        ],
    )
    assert counts("order_defect_rate_mfn") == (1, 3)
    v = values()["order_defect_rate_mfn"]
    assert (v.window_from, v.window_to) == (date(2025, 1, 31), date(2025, 3, 31))


def test_one_defect_per_order_however_many_causes(sellers, tmp_path):
    load(
        tmp_path,
        [
            order(
                "all-three",
                **purchased("2025-03-01 10:00:00"),
                negative_feedback_at="2025-03-05 10:00:00",
                claim_at="2025-03-06 10:00:00",
                claim_outcome="granted",
                chargeback_at="2025-03-07 10:00:00",
                chargeback_kind="service",
            ),
            order("clean", **purchased("2025-03-01 10:00:00")),
        ],
    )
    assert counts("order_defect_rate_mfn") == (1, 2)


@pytest.mark.parametrize(
    ("extra", "defect"),
    [
        ({"claim_at": "2025-03-05 00:00:00", "claim_outcome": "denied"}, False),
        ({"claim_at": "2025-03-05 00:00:00", "claim_outcome": "granted"}, True),
        ({"claim_at": "2025-03-05 00:00:00", "claim_outcome": "pending"}, True),
        # The contract counts "a claim not denied": a withdrawn claim is not denied.
        ({"claim_at": "2025-03-05 00:00:00", "claim_outcome": "withdrawn"}, True),
        ({"chargeback_at": "2025-03-05 00:00:00", "chargeback_kind": "fraud"}, False),
        ({"chargeback_at": "2025-03-05 00:00:00", "chargeback_kind": "service"}, True),
        ({"negative_feedback_at": "2025-03-05 00:00:00"}, True),
        # Events after the as-of instant had not happened yet as of that date.
        ({"negative_feedback_at": "2025-04-01 00:00:00"}, False),
        ({"claim_at": "2025-04-02 00:00:00", "claim_outcome": "granted"}, False),
    ],
)
def test_what_counts_as_a_defect(sellers, tmp_path, extra, defect):
    load(tmp_path, [order("x", **purchased("2025-03-01 10:00:00"), **extra)])
    assert counts("order_defect_rate_mfn") == (int(defect), 1)


def test_order_defect_rate_is_split_by_fulfilment_channel(sellers, tmp_path):
    load(
        tmp_path,
        [
            order(
                "afn-bad",
                fulfilment_channel="AFN",
                **purchased("2025-03-01 10:00:00"),
                negative_feedback_at="2025-03-02 00:00:00",
            ),
            order("afn-ok", fulfilment_channel="AFN", **purchased("2025-03-01 10:00:00")),
            order("mfn-ok", **purchased("2025-03-01 10:00:00")),
        ],
    )
    assert counts("order_defect_rate_afn") == (1, 2)
    assert counts("order_defect_rate_mfn") == (0, 1)


# --- late shipment rate -------------------------------------------------------------------


def test_late_shipment(sellers, tmp_path):
    base = "2025-03-20 00:00:00"
    load(
        tmp_path,
        [
            order(
                "early",
                purchased_at=base,
                ship_by="2025-03-25 10:00:00",
                shipped_at="2025-03-24 10:00:00",
                promised_delivery_at="2025-03-28 00:00:00",
                delivered_at="",
            ),
            order(
                "at-ship-by",
                purchased_at=base,
                ship_by="2025-03-25 10:00:00",
                shipped_at="2025-03-25 10:00:00",
                promised_delivery_at="2025-03-28 00:00:00",
                delivered_at="",
            ),
            order(
                "a-second-late",
                purchased_at=base,
                ship_by="2025-03-25 10:00:00",
                shipped_at="2025-03-25 10:00:01",
                promised_delivery_at="2025-03-28 00:00:00",
                delivered_at="",
            ),
            # Never confirmed, ship-by passed: late.
            order(
                "unconfirmed",
                purchased_at=base,
                ship_by="2025-03-30 10:00:00",
                shipped_at="",
                tracking_valid="",
                promised_delivery_at="2025-04-03 00:00:00",
                delivered_at="",
            ),
            # Confirmed only after the as-of date: late as of then.
            order(
                "confirmed-later",
                purchased_at=base,
                ship_by="2025-03-31 12:00:00",
                shipped_at="2025-04-02 00:00:00",
                promised_delivery_at="2025-04-05 00:00:00",
                delivered_at="",
            ),
            # Cancelled: not in the population at all.
            order(
                "cancelled",
                purchased_at=base,
                ship_by="2025-03-26 10:00:00",
                shipped_at="",
                tracking_valid="",
                cancelled_at="2025-03-21 00:00:00",
                cancelled_by="buyer",
                promised_delivery_at="2025-03-30 00:00:00",
                delivered_at="",
            ),
            # Ship-by before the 10-day window (03-22 … 03-31) but inside the 30-day one.
            order(
                "older",
                purchased_at="2025-03-10 00:00:00",
                ship_by="2025-03-21 23:59:59",
                shipped_at="",
                tracking_valid="",
                promised_delivery_at="2025-03-30 00:00:00",
                delivered_at="",
            ),
            # AFN orders are not in a seller-fulfilled metric.
            order(
                "afn",
                fulfilment_channel="AFN",
                purchased_at=base,
                ship_by="2025-03-25 10:00:00",
                shipped_at="",
                promised_delivery_at="2025-03-28 00:00:00",
                delivered_at="",
            ),
        ],
    )
    assert counts("late_shipment_rate_10d") == (3, 5)
    assert counts("late_shipment_rate_30d") == (4, 6)
    v = values()["late_shipment_rate_10d"]
    assert (v.window_from, v.window_to) == (date(2025, 3, 22), date(2025, 3, 31))


# --- pre-fulfilment cancel rate -----------------------------------------------------------


def test_pre_fulfilment_cancellations(sellers, tmp_path):
    def cancelled(order_id, by, at="2025-03-27 00:00:00", **extra):
        fields = {
            "purchased_at": "2025-03-26 00:00:00",
            "ship_by": "2025-03-28 00:00:00",
            "shipped_at": "",
            "tracking_valid": "",
            "promised_delivery_at": "2025-04-02 00:00:00",
            "delivered_at": "",
            "cancelled_at": at,
            "cancelled_by": by,
        }
        fields.update(extra)
        return order(order_id, **fields)

    load(
        tmp_path,
        [
            cancelled("by-seller", "seller"),
            cancelled("by-buyer", "buyer"),
            cancelled("by-system-unconfirmed", "system"),
            # The system cancelled after the seller had confirmed shipment: not for no
            # confirmation.
            cancelled("by-system-after-shipping", "system", shipped_at="2025-03-26 12:00:00"),
            cancelled("after-as-of", "seller", at="2025-04-01 00:00:00"),
            order("not-cancelled", **purchased("2025-03-26 00:00:00")),
            # Purchased before the 7-day window (03-25 … 03-31).
            cancelled("too-old", "seller", purchased_at="2025-03-24 23:59:59"),
        ],
    )
    assert counts("pre_fulfilment_cancel_rate") == (2, 6)


# --- valid tracking rate ------------------------------------------------------------------


def test_valid_tracking(sellers, tmp_path):
    def shipped(order_id, valid, **extra):
        fields = purchased("2025-03-10 00:00:00", promised_delivery_at="2025-03-15 00:00:00")
        fields["tracking_valid"] = valid
        fields.update(extra)
        return order(order_id, **fields)

    load(
        tmp_path,
        [
            shipped("valid", "true"),
            shipped("valid-yes", "yes"),
            shipped("invalid", "false"),
            shipped("unknown", ""),
            # Not shipped: not in the population.
            shipped("unshipped", "", shipped_at="", delivered_at=""),
            # Promised before the 30-day window (03-02 … 03-31).
            shipped(
                "old",
                "false",
                purchased_at="2025-02-20 00:00:00",
                ship_by="2025-02-20 00:00:00",
                shipped_at="2025-02-20 00:00:00",
                promised_delivery_at="2025-03-01 23:59:59",
            ),
        ],
    )
    assert counts("valid_tracking_rate") == (2, 4)


# --- on-time delivery rate ----------------------------------------------------------------


def test_on_time_delivery_window_runs_from_21_to_7_days_ago(sellers, tmp_path):
    def tracked(order_id, promised, delivered, valid="true"):
        return order(
            order_id,
            purchased_at="2025-03-01 00:00:00",
            ship_by="2025-03-02 00:00:00",
            shipped_at="2025-03-02 00:00:00",
            tracking_valid=valid,
            promised_delivery_at=promised,
            delivered_at=delivered,
        )

    load(
        tmp_path,
        [
            # Window as of 03-31: promised 03-11 00:00 … 03-24 23:59:59.
            tracked("first-day", "2025-03-11 00:00:00", "2025-03-10 00:00:00"),
            tracked("last-day", "2025-03-24 23:59:59", "2025-03-24 23:59:59"),
            tracked("late", "2025-03-15 00:00:00", "2025-03-15 00:00:01"),
            tracked("never-delivered", "2025-03-15 00:00:00", ""),
            tracked("invalid-tracking", "2025-03-15 00:00:00", "2025-03-14 00:00:00", "false"),
            tracked("too-recent", "2025-03-25 00:00:00", "2025-03-24 00:00:00"),
            tracked("too-old", "2025-03-10 23:59:59", "2025-03-10 00:00:00"),
        ],
    )
    assert counts("on_time_delivery_rate") == (2, 4)
    v = values()["on_time_delivery_rate"]
    assert (v.window_from, v.window_to) == (date(2025, 3, 11), date(2025, 3, 24))


# --- shape of the result ------------------------------------------------------------------


def test_every_enabled_metric_for_each_seller_and_marketplace(sellers, tmp_path):
    load(
        tmp_path,
        [
            order("a-us", fulfilment_channel="AFN", **purchased("2025-03-01 10:00:00")),
            order(
                "b-de",
                seller_code="B2SELLER",
                marketplace="DE",
                currency="EUR",
                **purchased("2025-03-01 10:00:00"),
            ),
            # Only old orders: no metric has data, so the pair is not reported.
            order("a-jp", marketplace="JP", currency="JPY", **purchased("2024-01-01 10:00:00")),
        ],
    )
    result = compute_metrics(as_of=AS_OF)
    pairs = {(v.seller_code, v.marketplace) for v in result}
    assert pairs == {("A1SELLER", "US"), ("B2SELLER", "DE")}
    codes = list(MetricDefinition.objects.filter(enabled=True).values_list("code", flat=True))
    assert [v.metric for v in result if v.seller_code == "A1SELLER"] == codes
    a = {v.metric: v for v in result if v.seller_code == "A1SELLER"}
    assert a["order_defect_rate_afn"].status == "good"
    assert a["order_defect_rate_afn"].rate == 0.0
    assert a["late_shipment_rate_10d"].status == "no_data"
    assert a["late_shipment_rate_10d"].rate is None
    assert a["valid_tracking_rate"].target == 0.95
    assert a["valid_tracking_rate"].target_condition == "gt"
    assert [v.seller_code for v in compute_metrics(as_of=AS_OF, seller_codes=["B2SELLER"])] == [
        "B2SELLER"
    ] * len(codes)
    assert len(compute_metrics(as_of=AS_OF, seller_codes=[])) == 0
    table = compute_metrics(as_of=AS_OF)
    assert table.seller_codes() == ["A1SELLER", "B2SELLER"]
    assert table.for_seller("A1SELLER") == [v for v in result if v.seller_code == "A1SELLER"]
    assert table.for_seller("NOSUCH") == []


def test_definitions_are_data(sellers, tmp_path):
    load(tmp_path, [order("x", **purchased("2025-02-01 10:00:00"))])
    assert counts("pre_fulfilment_cancel_rate") == (0, 0)
    MetricDefinition.objects.filter(code="pre_fulfilment_cancel_rate").update(window_days=60)
    assert counts("pre_fulfilment_cancel_rate") == (0, 1)
    MetricDefinition.objects.filter(code="late_shipment_rate_10d").update(enabled=False)
    assert "late_shipment_rate_10d" not in values()


def test_empty_dataset_gives_no_values(sellers):
    table = compute_metrics(as_of=AS_OF)
    assert len(table) == 0 and list(table) == [] and table.seller_codes() == []


@pytest.mark.parametrize(
    ("num", "den", "target", "condition", "status"),
    [
        (1, 100, "0.01", "lt", "bad"),  # exactly at "< 1 %" is not below it
        (0, 100, "0.01", "lt", "good"),
        (99, 10000, "0.01", "lt", "good"),
        (95, 100, "0.95", "gt", "bad"),  # exactly at "> 95 %" is not above it
        (96, 100, "0.95", "gt", "good"),
        (0, 0, "0.95", "gt", "no_data"),
    ],
)
def test_status_against_target_is_exact(num, den, target, condition, status):
    assert targets.status(num, den, targets.target_ratio(Decimal(target)), condition) == status
    assert targets.status(num, den, targets.target_ratio(float(target)), condition) == status


def _table(rows, *definitions):
    from sellerdesk.orders.metrics import MetricColumn, MetricTable

    return MetricTable(AS_OF, [MetricColumn.of(d, AS_OF) for d in definitions], rows)


def test_values_are_ordinary_frozen_dataclasses():
    import dataclasses

    from sellerdesk.orders.metrics import MetricValue

    definition = MetricDefinition(
        code="m", window_days=10, lag_days=0, target=Decimal("0.04"), target_condition="lt"
    )
    (value,) = _table([("S1", "US", 50, 2)], definition).for_seller("S1")
    expected = MetricValue(
        "S1", "US", "m", 2, 50, 0.04, date(2025, 3, 22), AS_OF, 0.04, "lt", "bad"
    )
    assert type(value) is MetricValue
    assert value == expected and hash(value) == hash(expected)
    assert dataclasses.asdict(value) == dataclasses.asdict(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.rate = 0.0


def test_table_reads_rows_per_seller_in_order():
    """Rows come back from an engine in any order; the table sorts them, and a seller's values
    are its rows' metrics in the definitions' order, every marketplace."""
    first = MetricDefinition(
        code="a", window_days=10, lag_days=0, target=Decimal("0.5"), target_condition="lt"
    )
    second = MetricDefinition(
        code="b", window_days=30, lag_days=7, target=Decimal("0.9"), target_condition="gt"
    )
    rows = [("S2", "US", 4, 1, 0, 0), ("S1", "US", 2, 2, 10, 10), ("S1", "DE", 0, 0, 5, 4)]
    table = _table(rows, first, second)
    assert table == _table(list(reversed(rows)), first, second)
    assert len(table) == 6 and table.seller_codes() == ["S1", "S2"]
    assert table.pairs() == [("S1", "DE"), ("S1", "US"), ("S2", "US")]
    s1 = table.for_seller("S1")
    assert [(v.marketplace, v.metric, v.status) for v in s1] == [
        ("DE", "a", "no_data"),
        ("DE", "b", "bad"),  # 0.8 is not above 0.9
        ("US", "a", "bad"),
        ("US", "b", "good"),
    ]
    assert s1[1].window_from == date(2025, 2, 23) and s1[1].window_to == date(2025, 3, 24)
    assert [v.rate for v in table.for_seller("S2")] == [0.25, None]
    assert list(table) == s1 + table.for_seller("S2")
    assert table.for_seller("S0") == [] and table.for_seller("S3") == []


@given(
    num=st.integers(0, 10**7),
    den=st.integers(0, 10**7),
    target=st.decimals(min_value=0, max_value=1, places=6),
    condition=st.sampled_from(["lt", "gt"]),
)
def test_integer_status_matches_decimal_arithmetic(num, den, target, condition):
    # The oracle: the same comparison in Decimal arithmetic.
    scaled = target * den
    if den == 0:
        expected = "no_data"
    elif condition == "lt":
        expected = "good" if num < scaled else "bad"
    else:
        expected = "good" if num > scaled else "bad"
    assert targets.status(num, den, targets.target_ratio(target), condition) == expected
    definition = MetricDefinition(
        code="m", window_days=1, lag_days=0, target=target, target_condition=condition
    )
    (value,) = _table([("S", "US", den, num)], definition).for_seller("S")
    assert value.status == expected


def test_files_outside_every_window_are_not_read(sellers, tmp_path, monkeypatch):
    from sellerdesk.orders import dataset, metrics

    load(
        tmp_path,
        [
            order("old", **purchased("2024-06-01 10:00:00")),
            order("recent", **purchased("2025-03-20 10:00:00")),
            # Bought long ago but promised inside the valid-tracking window: its file is read.
            order(
                "slow",
                **purchased("2024-12-01 10:00:00", promised_delivery_at="2025-03-15 00:00:00"),
            ),
        ],
    )
    months = {f.month: f for f in dataset.load_manifest().files}
    assert months["2024-06"].ranges["promised_delivery_at"] == [
        "2024-06-01T10:00:00.000000",
        "2024-06-01T10:00:00.000000",
    ]
    read = []
    real = metrics.run_query
    monkeypatch.setattr(
        metrics,
        "run_query",
        lambda sql, files, engine: read.extend(files) or real(sql, files, engine),
    )
    assert counts("valid_tracking_rate") == (2, 2)
    assert sorted(Path(f).parent.name for f in read) == ["month=2024-12", "month=2025-03"]
