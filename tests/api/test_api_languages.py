"""Languages in the API (issue 12): BCP 47 tags in any case, read as `en` or `zh-hans`;
left out, the caller's preferred language; any other language a 422 naming the field."""

from __future__ import annotations

import pytest

from sellerdesk.accounts import services as accounts
from sellerdesk.api import api
from sellerdesk.cases.models import Case

from .conftest import API, assert_problem, case_body


@pytest.fixture
def seller(as_user, seller_owner):
    return as_user(seller_owner)


def _openapi() -> dict:
    return api.get_openapi_schema(path_prefix=f"{API}/")


# --- languages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "stored"),
    [
        ("zh", "zh-hans"),
        ("zh-CN", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh-Hans-CN", "zh-hans"),
        ("ZH-sg", "zh-hans"),
        ("zh-TW", "zh-hans"),
        ("zh-Hant", "zh-hans"),
        ("en", "en"),
        ("en-US", "en"),
        ("en-gb", "en"),
    ],
)
def test_case_language_accepts_bcp47_tags(seller, tag, stored):
    response = seller.post("/cases", case_body(language=tag))
    assert response.status_code == 201, response.content
    assert response.json()["language"] == stored
    assert Case.objects.get(number=response.json()["number"]).language == stored


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_omitted_language_is_the_callers_preference(seller, seller_owner, language):
    accounts.user_preferences_update(actor=seller_owner, user=seller_owner, language=language)
    body = case_body()
    del body["language"]
    response = seller.post("/cases", body)
    assert response.status_code == 201, response.content
    assert response.json()["language"] == language
    other = case_body(
        language=None, subject="另一个问题 Another", fields={"order_id": "113-7654321-7654321"}
    )
    null = seller.post("/cases", other)
    assert null.status_code == 201, null.content
    assert null.json()["language"] == language


@pytest.mark.parametrize("tag", ["fr", "zh-yue", "english", "", "zh-"])
def test_a_language_the_product_lacks_is_422_naming_it(seller, tag):
    body = assert_problem(seller.post("/cases", case_body(language=tag)), 422, "language")
    (error,) = [e for e in body["errors"] if e["field"] == "language"]
    assert error["code"] == "invalid"
    assert repr(tag) in error["message"]
    assert Case.objects.count() == 0


def test_the_same_idempotency_key_with_another_spelling_of_the_language_replays(seller):
    key = {"Idempotency-Key": "lang-1"}
    first = seller.post("/cases", case_body(language="zh-CN"), headers=key)
    again = seller.post("/cases", case_body(language="zh-Hans"), headers=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]


def test_the_openapi_says_language_is_optional_and_defaults_to_the_callers(seller):
    document = _openapi()
    case_in = document["components"]["schemas"]["CaseIn"]
    assert "language" not in case_in["required"]
    description = case_in["properties"]["language"]["description"]
    assert "BCP 47" in description and "preferred language" in description


def test_user_preferences_take_bcp47_tags(seller_owner):
    accounts.user_preferences_update(actor=seller_owner, user=seller_owner, language="en-GB")
    seller_owner.refresh_from_db()
    assert seller_owner.language == "en"
    accounts.user_preferences_update(actor=seller_owner, user=seller_owner, language="zh-CN")
    seller_owner.refresh_from_db()
    assert seller_owner.language == "zh-hans"


def test_preferences_page_and_language_switch_take_bcp47_tags(agent_ss):
    from django.test import Client

    client = Client()
    client.force_login(agent_ss)
    client.post("/preferences", {"language": "zh-CN", "time_zone": "UTC"})
    agent_ss.refresh_from_db()
    assert agent_ss.language == "zh-hans"
    client.post("/preferences/language", {"language": "en-US", "next": "/"})
    agent_ss.refresh_from_db()
    assert agent_ss.language == "en"


def test_knowledge_search_takes_bcp47_tags(seller):
    assert seller.get("/kb/search", {"q": "x", "lang": "zh-CN"}).status_code == 200
    assert seller.get("/kb/search", {"q": "x", "lang": "EN-us"}).status_code == 200
    body = assert_problem(seller.get("/kb/search", {"q": "x", "lang": "fr"}), 422, "lang")
    assert "'fr'" in body["errors"][0]["message"]
