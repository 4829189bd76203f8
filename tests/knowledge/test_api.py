"""GET /api/v1/kb/search and the article endpoints: who may call them and what they return."""

import pytest

from sellerdesk.knowledge import services
from sellerdesk.knowledge.models import Article
from tests.api.conftest import ApiClient, assert_problem, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(seller_owner):
    return ApiClient(token_for(seller_owner))


def test_search_needs_a_token():
    assert_problem(ApiClient().get("/kb/search", {"q": "账户健康"}), 401)
    assert_problem(ApiClient("sd_not-a-real-token").get("/kb/search", {"q": "x"}), 401)
    assert_problem(ApiClient().get("/kb/articles/1"), 401)
    assert_problem(ApiClient().get("/kb/categories"), 401)


def test_search_returns_ranked_highlighted_hits(api, make_article):
    article = make_article(
        "迟发率", "迟发率是晚于最晚发货日期确认发货的订单比例。", language="zh-hans"
    )
    make_article("Late shipment rate", "Confirm the same day.")
    response = api.get("/kb/search", {"q": "迟发率", "lang": "zh-hans"})
    assert response.status_code == 200
    body = response.json()
    assert body["relaxed"] is False and body["has_more"] is False
    (hit,) = body["items"]
    assert hit["id"] == article.pk and hit["language"] == "zh-hans"
    assert hit["exact_title"] is True
    assert "<mark>迟发率</mark>" in hit["snippet"]
    assert hit["url"] == f"/university/articles/{article.pk}"


def test_search_filters_and_validation(api, make_article):
    make_article("Appeal letters", "appeal", category="appeals")
    make_article("Appeal timing", "appeal", category="support")
    body = api.get("/kb/search", {"q": "appeal", "category": "appeals"}).json()
    assert [h["category"] for h in body["items"]] == ["appeals"]
    assert_problem(api.get("/kb/search", {"q": "appeal", "category": "nope"}), 404)
    assert_problem(api.get("/kb/search", {"q": ""}), 422, "q")
    assert_problem(api.get("/kb/search", {"q": "x", "lang": "fr"}), 422, "lang")
    assert_problem(api.get("/kb/search", {"q": "x", "limit": 500}), 422, "limit")


def test_any_signed_in_role_may_search(agent_ss, operator, make_article):
    make_article("Appeal letters", "appeal")
    for user in (agent_ss, operator):
        assert ApiClient(token_for(user)).get("/kb/search", {"q": "appeal"}).status_code == 200


def test_article_and_translations(api, make_article):
    en = make_article("Plan of action", "Root cause.", key="poa")
    zh = make_article("行动计划", "问题根源。", key="poa", language="zh-hans")
    body = api.get(f"/kb/articles/{en.pk}").json()
    assert body["body_markdown"] == "Root cause."
    assert [t["id"] for t in body["translations"]] == [zh.pk]


def test_drafts_are_hidden_from_sellers_but_not_operators(api, operator, make_article):
    draft = make_article("Draft", "secret", status=Article.Status.DRAFT)
    assert_problem(api.get(f"/kb/articles/{draft.pk}"), 404)
    assert ApiClient(token_for(operator)).get(f"/kb/articles/{draft.pk}").status_code == 200
    assert api.get("/kb/search", {"q": "secret"}).json()["items"] == []
    services.article_update(actor=operator, article=draft, status=Article.Status.PUBLISHED)
    assert api.get("/kb/search", {"q": "secret"}).json()["items"]


def test_categories(api, make_article):
    make_article("Appeal letters", "appeal", category="appeals")
    rows = {c["code"]: c for c in api.get("/kb/categories").json()}
    assert rows["appeals"]["articles"] == 1
    assert rows["brand-protection"]["name_zh"] == "品牌保护"


def test_search_is_in_the_openapi_document(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert "/api/v1/kb/search" in paths
