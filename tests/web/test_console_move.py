"""The case page's Move form and the API's move operation."""

from sellerdesk.cases.models import Case
from tests.api.conftest import ApiClient, token_for


def test_case_page_has_the_move_form(as_user, agent_ss, make_case):
    case = make_case()
    html = as_user(agent_ss).get(f"/console/cases/{case.number}").content.decode()
    assert f'action="/console/cases/{case.number}/move"' in html
    assert 'name="case_type"' in html and 'value="account-health"' in html


def test_moving_out_of_the_agents_teams_goes_back_to_the_queue(as_user, agent_ss, make_case):
    case = make_case()
    client = as_user(agent_ss)
    response = client.post(
        f"/console/cases/{case.number}/move",
        {"case_type": "account-deactivation", "team": "", "reason": "wrong type"},
    )
    assert response.status_code == 302 and response["Location"] == "/console/"
    case.refresh_from_db()
    assert case.team.code == "account-health"
    assert client.get(f"/console/cases/{case.number}").status_code == 404


def test_operator_stays_on_the_case(as_user, operator, make_case):
    case = make_case()
    response = as_user(operator).post(
        f"/console/cases/{case.number}/move", {"team": "fba", "reason": "FBA order"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/console/cases/{case.number}"


def test_bad_move_shows_the_errors_on_the_form(as_user, agent_ss, make_case):
    case = make_case()
    response = as_user(agent_ss).post(
        f"/console/cases/{case.number}/move", {"team": "nope", "reason": ""}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="move-team-error"' in html
    assert Case.objects.get(pk=case.pk).team.code == "seller-support"


def test_api_move(agent_ss, operator, seller_owner, make_case):
    case = make_case()
    seller = ApiClient(token_for(seller_owner))
    assert (
        seller.post(f"/cases/{case.number}/move", {"team": "fba", "reason": "x"}).status_code == 403
    )
    api = ApiClient(token_for(operator))
    response = api.post(f"/cases/{case.number}/move", {"case_type": "nothing", "reason": "x"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "case_type"
    response = api.post(f"/cases/{case.number}/move", {"team": "fba", "reason": "FBA order"})
    assert response.status_code == 200, response.content
    assert response.json()["team"] == "fba"
    agent = ApiClient(token_for(agent_ss))
    case2 = make_case()
    response = agent.post(
        f"/cases/{case2.number}/move", {"case_type": "advertising", "reason": "ads"}
    )
    assert response.status_code == 204
