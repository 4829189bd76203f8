"""API errors follow Accept-Language: Chinese words for a client that prefers Chinese, the
same type, status, codes and fields whatever the language."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory

from sellerdesk.lib.problems import request_language

from .conftest import ApiClient, assert_problem, case_body

ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def seller(as_user, seller_owner):
    return as_user(seller_owner)


def _shape(body: dict) -> dict:
    """What a client branches on: everything but the words."""
    return {
        "type": body["type"],
        "status": body["status"],
        "errors": [(e["field"], e["code"]) for e in body["errors"]],
        "extra": {k: v for k, v in body.items() if k not in ("title", "detail", "errors")},
    }


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh-TW", "zh-hans"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR, zh;q=0.5", "zh-hans"),  # the first the site speaks
        ("zh;q=0, en", "en"),  # q=0: not acceptable
        ("*", "en"),
        ("de;q=garbage, zh", "zh-hans"),
    ],
)
def test_the_language_is_the_first_accepted_one_the_site_speaks(header, language):
    request = RequestFactory().get("/api/v1/cases", headers={"Accept-Language": header})
    assert request_language(request) == language


def test_a_validation_problem_in_chinese_keeps_codes_and_fields(seller):
    body = case_body(
        subject="",
        fields={"order_id": "１２３４５", "colour": "red"},
    )
    english = assert_problem(seller.post("/cases", body), 422)
    chinese = assert_problem(seller.post("/cases", body, headers=ZH), 422)
    assert _shape(chinese) == _shape(english)
    assert english["title"] == "Validation failed"
    assert chinese["title"] == "校验失败"
    assert HAN.search(chinese["detail"]) and not HAN.search(english["detail"])
    messages = {e["field"]: e["message"] for e in chinese["errors"]}
    assert messages["subject"] == "请填写主题。"
    assert messages["fields.order_id"].startswith("订单编号格式不正确")
    assert all(HAN.search(m) for m in messages.values()), messages
    # English clients get the services' own sentences, as before.
    assert {e["message"] for e in english["errors"]}.isdisjoint(messages.values())


def test_the_response_says_its_language(seller):
    response = seller.post("/cases", case_body(subject=""), headers=ZH)
    assert response["Content-Language"] == "zh-Hans"
    assert "Accept-Language" in response["Vary"]
    assert seller.post("/cases", case_body(subject=""))["Content-Language"] == "en"


def test_not_found_unauthorized_and_malformed_json_in_chinese(seller):
    missing = assert_problem(seller.get("/cases/99999999", headers=ZH), 404)
    assert (missing["title"], missing["detail"]) == ("未找到", "未找到。")
    assert missing["type"] == "urn:sellerdesk:problem:not-found"

    anonymous = assert_problem(ApiClient().get("/cases", headers=ZH), 401)
    assert HAN.search(anonymous["title"]) and "Authorization: Bearer" in anonymous["detail"]
    assert anonymous["type"] == "urn:sellerdesk:problem:unauthorized"

    malformed = assert_problem(seller.post("/cases", raw=b"{nope", headers=ZH), 400, "body")
    assert malformed["errors"][0]["code"] == "malformed_json"
    assert malformed["errors"][0]["message"] == "请求体不是有效的 JSON。"


def test_a_method_not_allowed_in_chinese(seller):
    response = seller._call("delete", "/cases", headers=ZH)
    body = assert_problem(response, 405)
    assert HAN.search(body["title"]) and HAN.search(body["detail"])
    assert response["Allow"]
