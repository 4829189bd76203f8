"""My cases: search by subject, number or #number; filters by status, case type, site and the
day opened (in the viewer's time zone), combined, with pagination that keeps them; bad dates get
an error naming the input; never another seller's cases."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

T0 = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # 2026-03-02 04:00 in Shanghai (seller_owner's)


def _numbers(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/cases/(\d+)"', html)}


@pytest.fixture
def three(make_case):
    refund = make_case(subject="退款没有到账 refund missing", now=T0)
    listing = make_case(
        case_type="listing-problem",
        subject="Listing suppressed",
        fields={"asin": "B07XJ8C8F5"},
        site="JP",
        now=datetime(2026, 3, 10, 2, 0, tzinfo=UTC),
    )
    late = make_case(
        subject="Late delivery",
        fields={"order_id": "114-1234567-1234567"},
        now=datetime(2026, 3, 20, 2, 0, tzinfo=UTC),
    )
    return refund, listing, late


def test_search_by_subject_number_and_hash_number(as_user, seller_owner, three):
    refund, listing, _ = three
    client = as_user(seller_owner)
    assert _numbers(client.get("/cases", {"q": "退款"}).content.decode()) == {refund.number}
    assert _numbers(client.get("/cases", {"q": "SUPPRESSED"}).content.decode()) == {listing.number}
    assert _numbers(client.get("/cases", {"q": str(listing.number)}).content.decode()) == {
        listing.number
    }
    html = client.get("/cases", {"q": f"#{listing.number}"}).content.decode()
    assert _numbers(html) == {listing.number}
    assert f'value="#{listing.number}"' in html  # the search stays in the box


def test_filters_by_type_site_and_status(as_user, seller_owner, agent_ss, three):
    refund, listing, late = three
    from sellerdesk.cases import services

    services.case_resolve(actor=agent_ss, case=late)
    client = as_user(seller_owner)
    by_type = client.get("/cases", {"case_type": "listing-problem"}).content.decode()
    assert _numbers(by_type) == {listing.number}
    assert _numbers(client.get("/cases", {"site": "jp"}).content.decode()) == {listing.number}
    resolved = client.get("/cases", {"status": "resolved", "site": "US"}).content.decode()
    assert _numbers(resolved) == {late.number}
    active_us = client.get("/cases", {"status": "active", "site": "US"}).content.decode()
    assert _numbers(active_us) == {refund.number}


def test_date_range_is_in_the_viewers_days(as_user, seller_owner, three):
    refund, listing, late = three
    client = as_user(seller_owner)
    # Opened 20:00 UTC on 1 March: 2 March in Shanghai.
    html = client.get("/cases", {"from": "2026-03-02", "to": "2026-03-02"}).content.decode()
    assert _numbers(html) == {refund.number}
    assert _numbers(client.get("/cases", {"to": "2026-03-01"}).content.decode()) == set()
    middle = client.get("/cases", {"from": "2026-03-03", "to": "2026-03-19"}).content.decode()
    assert _numbers(middle) == {listing.number}
    assert _numbers(client.get("/cases", {"from": "2026-03-10"}).content.decode()) == {
        listing.number,
        late.number,
    }


def test_bad_dates_are_named_and_left_out(as_user, seller_owner, three):
    client = as_user(seller_owner)
    html = client.get("/cases", {"from": "2026-13-45"}).content.decode()
    assert 'id="id_from-error"' in html and len(_numbers(html)) == 3
    backwards = client.get("/cases", {"from": "2026-03-10", "to": "2026-03-01"}).content.decode()
    assert 'id="id_to-error"' in backwards


def test_pagination_keeps_the_filters(as_user, seller_owner, make_case, settings):
    settings.SELLERDESK = {**settings.SELLERDESK, "PAGE_SIZE": 2}
    mine = [
        make_case(subject=f"refund {i}", fields={"order_id": f"11{i}-1234567-1234567"})
        for i in range(5)
    ]
    make_case(subject="other topic", fields={"order_id": "119-1234567-1234567"})
    client = as_user(seller_owner)
    seen: list[int] = []
    params = {"q": "refund"}
    for _ in range(5):
        html = client.get("/cases", params).content.decode()
        seen += sorted(_numbers(html), reverse=True)
        cursor = re.search(r'href="\?([^"]*cursor=[^"]*)"', html)
        if not cursor:
            break
        query = cursor.group(1).replace("&amp;", "&")
        assert "q=refund" in query
        params = dict(part.split("=", 1) for part in query.split("&"))
    assert seen == sorted((c.number for c in mine), reverse=True)


def test_another_sellers_cases_never_match(as_user, seller2_owner, three):
    refund, listing, _ = three
    client = as_user(seller2_owner)
    assert _numbers(client.get("/cases", {"q": f"#{listing.number}"}).content.decode()) == set()
    assert _numbers(client.get("/cases", {"q": "退款"}).content.decode()) == set()
