"""Idempotency-Key: a retried request gets the same case back, never a second case."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from sellerdesk.cases.models import Case

from .conftest import ApiClient, case_body, token_for


def test_same_key_and_body_returns_the_same_case(as_user, seller_owner):
    client = as_user(seller_owner)
    headers = {"Idempotency-Key": "order-113-retry"}
    first = client.post("/cases", case_body(), headers=headers)
    again = client.post("/cases", case_body(), headers=headers)
    assert first.status_code == 201
    assert again.status_code == 200, again.content
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert again.json()["number"] == first.json()["number"]
    assert Case.objects.count() == 1


def test_same_key_with_a_different_body_is_a_conflict(as_user, seller_owner):
    client = as_user(seller_owner)
    headers = {"Idempotency-Key": "k-1"}
    assert client.post("/cases", case_body(), headers=headers).status_code == 201
    response = client.post("/cases", case_body(subject="Another subject"), headers=headers)
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Case.objects.count() == 1


def test_without_a_key_each_post_opens_a_case(as_user, seller_owner):
    client = as_user(seller_owner)
    assert client.post("/cases", case_body()).status_code == 201
    # A different problem (another order): the duplicate check has nothing to say.
    other = case_body(
        subject="Refund requested twice",
        description="The buyer asked for a refund on a second order.",
        fields={"order_id": "114-7654321-7654321"},
    )
    assert client.post("/cases", other).status_code == 201
    assert Case.objects.count() == 2


# serialized_rollback: the flush after a transactional test would otherwise wipe the sites
# and case types the data migrations loaded, for every test that runs later.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_posts_with_one_key_open_one_case(seller_owner):
    token = token_for(seller_owner)
    threads_count = 4
    barrier = threading.Barrier(threads_count)
    results: list = []

    def post():
        try:
            client = ApiClient(token)
            barrier.wait(timeout=10)
            response = client.post("/cases", case_body(), headers={"Idempotency-Key": "race"})
            results.append((response.status_code, response.json().get("number")))
        except Exception as exc:  # surfaced by the assertions below
            results.append((repr(exc), None))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (threads_count - 1) + [201], results
    assert len({number for _, number in results}) == 1
    assert Case.objects.count() == 1
