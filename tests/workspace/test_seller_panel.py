"""The case page's seller panel: the seller's other open cases (only those the agent may see),
the account health band, and the seller's appeals for the Account Health team only."""

from sellerdesk.accounts.models import Seller
from sellerdesk.cases import services as cases


def test_panel_lists_other_open_cases_and_the_health_band(as_user, agent_ss, make_case):
    case = make_case(subject="this one")
    other = make_case(subject="another open one")
    closed = make_case(subject="resolved one")
    cases.case_resolve(actor=agent_ss, case=closed)
    hidden = make_case(subject="account health's", case_type="account-deactivation", fields={})
    Seller.objects.filter(pk=case.seller_id).update(health_band="at_risk", health_score=310)
    client = as_user(agent_ss)
    page = client.get(f"/console/cases/{case.number}").content.decode()
    assert f'hx-get="/console/cases/{case.number}/seller"' in page
    html = client.get(f"/console/cases/{case.number}/seller").content.decode()
    assert f"#{other.number}" in html
    assert f"#{closed.number}" not in html and f"#{hidden.number}" not in html
    assert f'href="/console/cases/{case.number}"' not in html
    assert "At risk" in html and "310" in html
    # Appeals are Account Health's: a Seller Support agent is not shown them.
    assert "seller-appeals" not in html and "No appeals" not in html


def test_account_health_sees_the_sellers_appeals_in_the_panel(as_user, agent_ah, make_case):
    case = make_case(case_type="account-deactivation", fields={})
    html = as_user(agent_ah).get(f"/console/cases/{case.number}/seller").content.decode()
    assert "No appeals" in html


def test_panel_is_404_for_a_case_the_agent_may_not_see(as_user, agent_ah, make_case):
    case = make_case()
    assert as_user(agent_ah).get(f"/console/cases/{case.number}/seller").status_code == 404
