"""The macro picker on the case page, inserting and applying a macro, the macros page."""

import pytest

from sellerdesk.accounts.models import Team
from sellerdesk.cases.models import Message
from sellerdesk.workspace import services
from sellerdesk.workspace.models import Macro


@pytest.fixture
def macro(lead_ss):
    return services.macro_save(
        actor=lead_ss,
        name="Ask for tracking",
        body_en="Dear {seller_name}, please send the tracking for case {case_number}.",
        body_zh="{seller_name}，请提供案例 {case_number} 的物流单号。",
        team=Team.objects.get(code="seller-support"),
        action="request_info",
    )


def test_case_page_loads_the_picker(as_user, agent_ss, make_case, macro):
    case = make_case()
    client = as_user(agent_ss)
    page = client.get(f"/console/cases/{case.number}").content.decode()
    assert f'hx-get="/console/cases/{case.number}/macros"' in page
    picker = client.get(f"/console/cases/{case.number}/macros").content.decode()
    assert "Ask for tracking" in picker
    box = client.get(f"/console/cases/{case.number}/macros/{macro.pk}").content.decode()
    assert 'id="message-body"' in box and f"案例 {case.number}" in box


def test_apply_from_the_page(as_user, agent_ss, make_case, macro):
    case = make_case()
    response = as_user(agent_ss).post(f"/console/cases/{case.number}/macros/{macro.pk}/apply")
    assert response.status_code == 302
    assert Message.objects.get(case=case, author=agent_ss).kind == "request_info"


def test_other_teams_get_404(as_user, agent_ah, make_case, macro):
    case = make_case()
    client = as_user(agent_ah)
    assert client.get(f"/console/cases/{case.number}/macros").status_code == 404
    assert client.post(f"/console/cases/{case.number}/macros/{macro.pk}/apply").status_code == 404


def test_sellers_and_anonymous_are_kept_out(client, as_user, seller_owner, make_case, macro):
    case = make_case()
    urls = ["/console/macros", f"/console/cases/{case.number}/macros"]
    for url in urls:
        assert client.get(url).status_code == 302
        assert as_user(seller_owner).get(url).status_code == 403


def test_macros_page_creates_a_personal_macro_and_shows_errors(as_user, agent_ss):
    client = as_user(agent_ss)
    assert client.get("/console/macros").status_code == 200
    response = client.post("/console/macros", {"name": "", "body_en": "Hi {nope}"})
    assert response.status_code == 422
    assert 'id="macro-body-en-error"' in response.content.decode()
    response = client.post(
        "/console/macros", {"name": "Thanks", "body_en": "Thanks {seller_name}", "action": "none"}
    )
    assert response.status_code == 302
    macro = Macro.objects.get(name="Thanks")
    assert macro.owner == agent_ss
    response = client.post(
        f"/console/macros/{macro.pk}", {"name": "Thanks!", "body_en": "Thanks", "action": "none"}
    )
    assert Macro.objects.get(pk=macro.pk).name == "Thanks!"
    client.post(f"/console/macros/{macro.pk}/delete")
    assert not Macro.objects.filter(pk=macro.pk).exists()


def test_an_agent_cannot_share_with_a_team(as_user, agent_ss):
    response = as_user(agent_ss).post(
        "/console/macros",
        {"name": "Shared", "body_en": "x", "team": "seller-support", "action": "none"},
    )
    assert response.status_code == 302
    assert not Macro.objects.exists()
