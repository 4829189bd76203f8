"""GET, PUT and POST /api/v1/cases/{number}/rating."""

import pytest

from sellerdesk.surveys.models import Rating
from tests.api.conftest import ApiClient, assert_problem, token_for

from .conftest import resolve


@pytest.fixture
def api():
    return lambda user: ApiClient(token_for(user))


def put(client, number, body):
    return client.put(f"/cases/{number}/rating", body)


def test_the_seller_rates_and_reads(resolved, seller_owner, api):
    client = api(seller_owner)
    assert_problem(client.get(f"/cases/{resolved.number}/rating"), 404)
    response = put(client, resolved.number, {"score": 2, "comment": "slow"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["score"] == 2 and body["channel"] == "api" and body["current"] is True
    assert body["followup"] is None  # sellers never see it
    assert client.get(f"/cases/{resolved.number}/rating").json()["comment"] == "slow"
    assert Rating.objects.get().rated_by == seller_owner


def test_team_staff_read_the_follow_up(resolved, seller_owner, agent_ss, agent_ah, api):
    put(api(seller_owner), resolved.number, {"score": 1})
    body = api(agent_ss).get(f"/cases/{resolved.number}/rating").json()
    assert body["followup"]["status"] == "needed"
    assert_problem(api(agent_ah).get(f"/cases/{resolved.number}/rating"), 404)


def test_put_before_resolution_is_a_conflict(make_case, seller_owner, api):
    case = make_case()
    assert_problem(put(api(seller_owner), case.number, {"score": 5}), 409)


@pytest.mark.parametrize("score", [0, 6, "5", 4.5, None, True])
def test_a_bad_score_is_a_422_naming_it(resolved, seller_owner, api, score):
    assert_problem(put(api(seller_owner), resolved.number, {"score": score}), 422, "score")
    assert not Rating.objects.exists()


def test_the_body_is_strict(resolved, seller_owner, api, settings):
    client = api(seller_owner)
    assert_problem(put(client, resolved.number, {}), 422, "score")
    assert_problem(put(client, resolved.number, {"score": 3, "stars": 3}), 422, "stars")
    too_long = "x" * (settings.SELLERDESK["SURVEY_COMMENT_MAX_LENGTH"] + 1)
    assert_problem(put(client, resolved.number, {"score": 3, "comment": too_long}), 422, "comment")
    assert_problem(put(client, resolved.number, {"score": 3, "comment": "a\u0000"}), 422, "comment")


def test_others_cannot_rate(resolved, seller2_owner, agent_ss, api):
    assert_problem(put(api(seller2_owner), resolved.number, {"score": 1}), 404)
    assert_problem(put(api(agent_ss), resolved.number, {"score": 1}), 403)


def test_rating_again_after_a_new_resolution(resolved, seller_owner, agent_ss, api):
    client = api(seller_owner)
    put(client, resolved.number, {"score": 5})
    client.post(f"/cases/{resolved.number}/reopen", {"reason": "again"})
    assert api(agent_ss).get(f"/cases/{resolved.number}/rating").json()["current"] is False
    assert_problem(put(client, resolved.number, {"score": 4}), 409)
    resolve(resolved, agent_ss)
    assert put(client, resolved.number, {"score": 4}).json()["current"] is True
    assert Rating.objects.get().score == 4


def test_the_schema_states_the_bounds():
    from sellerdesk.api import api as ninja_api

    schema = ninja_api.get_openapi_schema()
    body = schema["components"]["schemas"]["RatingIn"]
    assert body["additionalProperties"] is False
    assert body["properties"]["score"]["minimum"] == 1
    assert body["properties"]["score"]["maximum"] == 5
    assert body["properties"]["score"]["type"] == "integer"
    assert "maxLength" in body["properties"]["comment"]


def test_post_rates_as_put_does(resolved, seller_owner, seller2_owner, api):
    response = api(seller_owner).post(f"/cases/{resolved.number}/rating", {"score": 4})
    assert response.status_code == 200, response.content
    assert Rating.objects.get().score == 4
    assert_problem(api(seller2_owner).post(f"/cases/{resolved.number}/rating", {"score": 1}), 404)
    assert Rating.objects.get().score == 4
