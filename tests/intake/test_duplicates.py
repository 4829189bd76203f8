"""Duplicate detection: Chinese and English text, reordered and overlapping identifiers, the
API's 409 with duplicate_of, and idempotent concurrent creation."""

import threading

import pytest
from django.db import connections

from sellerdesk.cases import creation, services
from sellerdesk.cases.duplicates import CaseText, extract_identifiers, find_duplicate, similarity
from sellerdesk.cases.models import Case
from sellerdesk.lib.errors import Conflict

from .conftest import Api, case_body

T = 0.6


def test_extracts_order_ids_and_asins():
    found = extract_identifiers(
        "订单 113-1234567-1234567 和 114-7654321-7654321，ASIN b07xj8c8f5",
        "again 113-1234567-1234567; not an id: 1113-1234567-1234567 or B0OKINGXYZ",
    )
    assert found == {
        "order_id": ["113-1234567-1234567", "114-7654321-7654321"],
        "asin": ["B07XJ8C8F5"],
    }


def test_full_width_digits_are_read():
    assert extract_identifiers("订单１１３-１２３４５６７-１２３４５６７")["order_id"] == [
        "113-1234567-1234567"
    ]


def test_chinese_text_similarity():
    a = "买家说没有收到货，订单显示已经发货三天了"
    b = "订单显示已经发货三天了，但是买家说没有收到货"
    c = "广告活动的预算无法修改，一直显示错误"
    assert similarity(a, b) >= T
    assert similarity(a, c) < 0.1


def test_english_text_similarity():
    a = "My disbursement has not arrived for two weeks"
    b = "Disbursement has not arrived for two weeks now"
    c = "Listing suppressed because the main image is missing"
    assert similarity(a, b) >= T
    assert similarity(a, c) == 0.0


def test_reordered_order_ids_in_text_are_the_same_problem():
    old = CaseText(1, "Two orders", "Orders 113-1234567-1234567 and 114-7654321-7654321 late")
    new = CaseText(None, "延迟", "114-7654321-7654321, 113-1234567-1234567 两个订单都没到")
    match = find_duplicate(new, [old], T)
    assert match is not None and match.number == 1 and match.reason == "identifiers"


def test_an_id_in_the_fields_overlaps_one_in_the_text():
    old = CaseText(7, "x", "y", {"order_id": "113-1234567-1234567"})
    new = CaseText(None, "完全不同的标题", "订单 113-1234567-1234567 问题")
    assert find_duplicate(new, [old], T).number == 7


def test_different_problem_is_not_a_duplicate():
    old = CaseText(1, "Payout late", "My payout is late", {"order_id": "113-1234567-1234567"})
    new = CaseText(None, "Refund", "Refund for another order", {"order_id": "114-7654321-7654321"})
    assert find_duplicate(new, [old], T) is None


def test_most_similar_text_wins():
    new = CaseText(None, "账户被停用", "我的账户因为迟发率被停用了，请帮忙恢复")
    weak = CaseText(1, "账户问题", "账户有问题")
    strong = CaseText(2, "账户被停用", "我的账户因为迟发率被停用了，需要帮忙恢复")
    assert find_duplicate(new, [weak, strong], T).number == 2


def test_api_answers_409_with_the_open_case(seller_owner):
    client = Api(seller_owner)
    first = client.post("/cases", case_body()).json()["number"]
    # Same order, reordered with another in the text, different wording: still the same.
    again = client.post(
        "/cases",
        case_body(
            subject="还是没收到",
            description="订单 114-7654321-7654321 和 113-1234567-1234567 都没收到",
            fields={"order_id": "114-7654321-7654321"},
        ),
    )
    assert again.status_code == 409
    assert again.json()["duplicate_of"] == first
    assert again["Content-Type"] == "application/problem+json"
    assert Case.objects.count() == 1


def test_chinese_text_duplicate_without_identifiers(make_case, seller_owner):
    first = make_case(
        case_type="fba-inventory",
        subject="FBA 库存数量不对",
        description="仓库显示的可售库存比我们发货的数量少了二十件，请核查入库记录",
        fields={},
    )
    response = Api(seller_owner).post(
        "/cases",
        case_body(
            case_type="fba-inventory",
            subject="FBA 库存数量不对",
            description="可售库存比我们发货的数量少了二十件，请核查仓库入库记录",
            fields={},
        ),
    )
    assert response.status_code == 409
    assert response.json()["duplicate_of"] == first.number


def test_closed_cases_and_other_types_do_not_count(make_case, seller_owner, agent_ss):
    first = make_case()
    services.case_resolve(actor=agent_ss, case=first, body="done")
    assert Api(seller_owner).post("/cases", case_body()).status_code == 201
    other_type = case_body(case_type="listing-problem", fields={"asin": "B07XJ8C8F5"})
    assert Api(seller_owner).post("/cases", other_type).status_code == 201


def test_other_sellers_cases_do_not_count(make_case, seller2_owner):
    make_case(site="US")
    assert Api(seller2_owner).post("/cases", case_body()).status_code == 201


def test_service_refuses_with_conflict(make_case, seller_owner, seller_a):
    first = make_case()
    with pytest.raises(Conflict) as exc:
        creation.case_create(
            actor=seller_owner,
            seller=seller_a,
            site="US",
            case_type="order-fulfilment",
            subject="Again",
            description="Same order",
            language="en",
            fields={"order_id": "113-1234567-1234567"},
        )
    assert exc.value.extra["duplicate_of"] == first.number


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_creation_with_one_key_yields_one_case(seller_owner):
    clients = [Api(seller_owner) for _ in range(4)]
    barrier = threading.Barrier(len(clients))
    results = []

    def post(client):
        try:
            barrier.wait(timeout=10)
            response = client.post("/cases", case_body(), headers={"Idempotency-Key": "intake"})
            results.append((response.status_code, response.json().get("number")))
        except Exception as exc:  # surfaced below
            results.append((repr(exc), None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(s for s, _ in results) == [200, 200, 200, 201], results
    assert len({n for _, n in results}) == 1
    assert Case.objects.count() == 1
