"""The report pages: chart, table and definition in both languages, the CSV download, the
operator's week against last week, and who may see them."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.test import Client

from sellerdesk.cases import services
from sellerdesk.reports.registry import NAMES
from sellerdesk.reports.rollup import rollup_rebuild
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _signed_in(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    assert client.login(email=user.email, password=PASSWORD)
    user.language = language
    user.save(update_fields=["language"])
    return client


@pytest.fixture
def figures(make_case, agent_ss):
    case = make_case()
    services.case_message_add(actor=agent_ss, case=case, body="Looking into it.")
    services.case_resolve(actor=agent_ss, case=case, body="Refunded.")
    rollup_rebuild()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_report_page_renders_with_its_chart(operator, figures, language):
    client = _signed_in(operator, language)
    for name in NAMES:
        response = client.get(f"/reports/{name}/")
        assert response.status_code == 200, name
        html = response.content.decode()
        if response.context["report"].available:
            assert "<svg" in html, name
            start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
            ElementTree.fromstring(html[start:end])  # noqa: S314 - our own markup
    html = client.get("/reports/first-response/").content.decode()
    if language == "zh-hans":
        assert "首次回复" in html
    else:
        assert "How these figures are counted" in html


def test_the_page_downloads_csv_with_a_bom_for_spreadsheets(operator, figures):
    response = _signed_in(operator).get("/reports/resolution/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffquarter,site,resolved")


def test_bad_filters_show_errors_and_the_defaults(operator, figures):
    response = _signed_in(operator).get("/reports/first-response/", {"site": "ZZ"})
    assert response.status_code == 200
    assert response.context["errors"]["site"]


def test_the_overview_compares_this_week_with_last(operator, figures):
    response = _signed_in(operator).get("/reports/")
    assert response.status_code == 200
    figures = {f.key: f for f in response.context["figures"]}
    assert figures["opened"].this_week == 1 and figures["opened"].last_week == 0
    assert figures["opened"].change == 1


def test_agents_get_403_and_leads_see_the_link(agent_ss, lead_ss, figures):
    assert _signed_in(agent_ss).get("/reports/").status_code == 403
    assert _signed_in(agent_ss).get("/reports/backlog/").status_code == 403
    home = _signed_in(lead_ss).get("/reports/backlog/")
    assert home.status_code == 200 and 'href="/reports/"' in home.content.decode()
