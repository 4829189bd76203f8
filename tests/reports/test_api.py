"""``GET /api/v1/reports/{name}``: who may read which figures, the filters' errors naming the
filter, JSON and CSV, and the reports whose part is not built yet."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk.cases import services
from sellerdesk.reports.registry import NAMES
from sellerdesk.reports.rollup import rollup_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(make_case, agent_ss):
    case = make_case()
    services.case_message_add(actor=agent_ss, case=case, body="Looking into it.")
    make_case(case_type="account-deactivation", subject="停用 deactivated")
    rollup_rebuild()


def test_operator_reads_every_report_as_json(as_user, operator, figures):
    client = as_user(operator)
    for name in NAMES:
        response = client.get(f"/reports/{name}")
        assert response.status_code == 200, (name, response.content)
        body = response.json()
        assert body["name"] == name and body["definition"]
        assert isinstance(body["rows"], list)
    body = client.get("/reports/first-response").json()
    assert {r["group"] for r in body["rows"]} == {"order-fulfilment", "account-deactivation"}
    assert body["as_of"] is not None and body["age_seconds"] >= 0
    uplift = client.get("/reports/premium-uplift").json()
    assert uplift["available"] is False and uplift["note"]


def test_a_lead_reads_their_teams_only(as_user, lead_ss, figures):
    client = as_user(lead_ss)
    rows = client.get("/reports/first-response", {"group_by": "team"}).json()["rows"]
    assert [r["group"] for r in rows] == ["seller-support"]
    refused = client.get("/reports/first-response", {"team": "account-health"})
    assert refused.status_code == 403
    assert refused["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("who", ["seller_owner", "agent_ss"])
def test_sellers_and_agents_may_not_read_reports(request, as_user, who, figures):
    response = as_user(request.getfixturevalue(who)).get("/reports/first-response")
    assert response.status_code == 403


def test_anonymous_is_401(client):
    assert client.get("/api/v1/reports/first-response").status_code == 401


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"from": "2026-12-01", "to": "2026-11-01"}, "from"),
        ({"site": "XX"}, "site"),
        ({"team": "nobody"}, "team"),
        ({"case_type": "nothing"}, "case_type"),
        ({"tier": "gold"}, "tier"),
        ({"group_by": "month"}, "group_by"),  # first-response groups by dimensions only
    ],
)
def test_bad_filters_are_422_naming_the_filter(as_user, operator, params, field):
    response = as_user(operator).get("/reports/first-response", params)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert any(field in f for f in fields), fields


def test_unknown_report_is_422(as_user, operator):
    assert as_user(operator).get("/reports/nothing").status_code == 422


def test_csv_has_a_header_of_keys_and_the_rows(as_user, operator, figures):
    response = as_user(operator).get("/reports/first-response", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["group"] for r in rows} == {"order-fulfilment", "account-deactivation"}
    assert all(r["cases"] == "1" for r in rows)


def test_words_follow_accept_language(as_user, operator, figures):
    body = (
        as_user(operator)
        .get("/reports/first-response", headers={"Accept-Language": "zh-CN"})
        .json()
    )
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["rows"][0]["group_name"])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "0001-01-05"}, "to"),
        ({"from": "9999-10-01", "to": "9999-12-31"}, "from"),
        ({"from": "1969-12-31"}, "from"),
    ],
)
@pytest.mark.parametrize("name", ["backlog", "resolution", "deflection", "training", "appeals"])
def test_dates_outside_the_calendar_are_422_not_500(as_user, operator, name, params, field):
    response = as_user(operator).get(f"/reports/{name}", params)
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]


@pytest.mark.parametrize("name", ["abuse", "training", "appeals"])
def test_marketplace_wide_reports_are_for_operators(as_user, lead_ss, operator, name):
    assert as_user(lead_ss).get(f"/reports/{name}").status_code == 403
    assert as_user(operator).get(f"/reports/{name}").status_code == 200


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("training", {"site": "US"}),
        ("abuse", {"team": "fba"}),
        ("appeals", {"case_type": "order-fulfilment"}),
        ("deflection", {"tier": "premium"}),
    ],
)
def test_a_filter_the_report_does_not_apply_is_422(as_user, operator, name, params):
    response = as_user(operator).get(f"/reports/{name}", params)
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["not_applicable"]


def test_a_quarterly_report_starts_at_the_quarter(as_user, operator):
    body = (
        as_user(operator)
        .get("/reports/resolution", {"from": "2026-11-15", "to": "2026-12-31"})
        .json()
    )
    assert body["filters"]["from"] == "2026-10-01"
    weekly = (
        as_user(operator).get("/reports/backlog", {"from": "2026-12-03", "to": "2026-12-31"}).json()
    )
    assert weekly["filters"]["from"] == "2026-11-30"  # the Monday


def test_a_lead_reads_the_deflection_of_their_teams_case_types(
    as_user, lead_ss, seller_owner, make_article
):
    from sellerdesk.cases.models import CaseType
    from sellerdesk.knowledge import reader_services

    article = make_article("Late shipment rate", "Confirm shipments the same day.")
    for code in ("order-fulfilment", "fba-inventory"):
        reader_services.suggestion_open_record(
            user=seller_owner, article=article, case_type=CaseType.objects.get(code=code)
        )
        # A new window for the next type (one open per article while its window runs).
        from sellerdesk.knowledge.models import SuggestionOpen

        SuggestionOpen.objects.update(window_ends_at=timezone.now() - timedelta(minutes=1))
    rows = as_user(lead_ss).get("/reports/deflection").json()["rows"]
    assert [r["case_type"] for r in rows] == ["order-fulfilment"]


def test_abuse_counts_downgrades_by_the_week_they_started(as_user, operator, seller_a):
    from datetime import UTC, datetime

    from sellerdesk.cases.intake_models import SupportRestriction

    for day, lifted in ((1, None), (3, datetime(2026, 11, 10, tzinfo=UTC)), (9, None)):
        starts = datetime(2026, 11, day, 12, tzinfo=UTC)
        SupportRestriction.objects.create(
            seller=seller_a,
            rule="abuse",
            counted=5,
            starts_at=starts,
            ends_at=starts + timedelta(days=30),
            lifted_at=lifted,
        )
    body = (
        as_user(operator)
        .get("/reports/abuse", {"from": "2026-10-26", "to": "2026-11-15", "group_by": "week"})
        .json()
    )
    rows = {r["period"]: r for r in body["rows"]}
    assert rows["2026-10-26"] == {
        "period": "2026-10-26",
        "downgrades": 1,
        "sellers": 1,
        "lifted": 0,
    }
    assert rows["2026-11-02"]["downgrades"] == 1 and rows["2026-11-02"]["lifted"] == 1
    assert rows["2026-11-09"]["downgrades"] == 1
