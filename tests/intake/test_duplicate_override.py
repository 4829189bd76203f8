""" "This is a different problem": the seller overrides the duplicate warning for exactly the
open case found, the case goes through, and the override is recorded (the case.created audit
event and an internal note the agent sees). A wrong number, or an override of a case that is
not the duplicate, is still the 409; the abuse cap still applies."""

from datetime import UTC, datetime, timedelta

import pytest

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import abuse, creation
from sellerdesk.cases.models import Case, Message, SupportRestriction
from sellerdesk.lib.errors import Conflict, TooManyRequests

from .conftest import Api, case_body

AGAIN = {
    "subject": "另一个问题 Another problem",
    "description": "同一个订单，但这次是买家退回的商品损坏了。",
    "fields": {"order_id": "113-1234567-1234567"},
}


def _again(seller_owner, seller_a, **extra):
    return creation.case_create(
        actor=seller_owner,
        seller=seller_a,
        site="US",
        case_type="order-fulfilment",
        language="zh-hans",
        **{**AGAIN, **extra},
    )


def test_override_of_the_duplicate_found_opens_the_case_and_records_it(
    make_case, seller_owner, seller_a, agent_ss
):
    first = make_case()
    case, created = _again(seller_owner, seller_a, not_duplicate_of=first.number)
    assert created and case.number != first.number
    event = AuditEvent.objects.get(case=case, action="case.created")
    assert event.after["duplicate_override_of"] == first.number
    note = Message.objects.get(case=case)
    assert note.internal and note.author_kind == Message.Author.SYSTEM
    assert f"#{first.number}" in note.body
    # The agent sees it; the seller's view of their case does not include the note.
    from sellerdesk.cases.selectors import case_messages_for

    assert note in case_messages_for(agent_ss, case)
    assert note not in case_messages_for(seller_owner, case)


def test_a_case_without_override_records_none(make_case, seller_owner, seller_a):
    make_case()
    case, _ = _again(
        seller_owner,
        seller_a,
        fields={"order_id": "999-1234567-1234567"},
        subject="广告预算",
        description="广告活动的预算无法修改",
    )
    event = AuditEvent.objects.get(case=case, action="case.created")
    assert "duplicate_override_of" not in event.after
    assert not Message.objects.filter(case=case).exists()


def test_override_with_a_wrong_number_is_still_the_duplicate(make_case, seller_owner, seller_a):
    first = make_case()
    other = make_case(case_type="listing-problem", fields={"asin": "B07XJ8C8F5"})
    with pytest.raises(Conflict) as exc:
        _again(seller_owner, seller_a, not_duplicate_of=other.number)
    assert exc.value.extra["duplicate_of"] == first.number
    assert any(e.field == "not_duplicate_of" for e in exc.value.errors)
    assert Case.objects.count() == 2


def test_override_is_ignored_when_there_is_no_duplicate(make_case, seller_owner, seller_a):
    case, created = _again(seller_owner, seller_a, not_duplicate_of=12345)
    assert created
    event = AuditEvent.objects.get(case=case, action="case.created")
    assert "duplicate_override_of" not in event.after


def test_the_daily_cap_still_applies_to_an_override(make_case, seller_owner, seller_a):
    first = make_case()
    now = datetime.now(UTC)
    SupportRestriction.objects.create(
        seller=seller_a,
        rule=abuse.AbuseRule().name,
        counted=5,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=29),
    )
    for i in range(2):  # with the first, the day's cap of 3 is used
        make_case(subject=f"c{i}", fields={"order_id": f"11{i}-7654321-7654321"})
    with pytest.raises(TooManyRequests):
        _again(seller_owner, seller_a, not_duplicate_of=first.number)


def test_api_override(seller_owner):
    client = Api(seller_owner)
    first = client.post("/cases", case_body()).json()["number"]
    refused = client.post("/cases", case_body(**AGAIN))
    assert refused.status_code == 409 and refused.json()["duplicate_of"] == first
    wrong = client.post("/cases", case_body(**AGAIN, not_duplicate_of=first + 1))
    assert wrong.status_code == 409 and wrong.json()["duplicate_of"] == first
    assert "not_duplicate_of" in {e["field"] for e in wrong.json()["errors"]}
    bad = client.post("/cases", case_body(**AGAIN, not_duplicate_of="x"))
    assert bad.status_code == 422
    assert "not_duplicate_of" in bad.json()["errors"][0]["field"]
    opened = client.post("/cases", case_body(**AGAIN, not_duplicate_of=first))
    assert opened.status_code == 201, opened.content
    event = AuditEvent.objects.get(case__number=opened.json()["number"], action="case.created")
    assert event.after["duplicate_override_of"] == first


def test_portal_form_offers_and_records_the_override(client, seller_owner, make_case):
    first = make_case()
    client.force_login(seller_owner)
    form = "/help/support/order-fulfilment"
    data = {
        "seller": "A1SELLER",
        "site": "US",
        "language": "zh-hans",
        "subject": AGAIN["subject"],
        "description": AGAIN["description"],
        "fields.order_id": "113-1234567-1234567",
        "idempotency_key": "k-override",
    }
    warned = client.post(form, data)
    assert warned.status_code == 409
    html = warned.content.decode()
    assert 'name="not_duplicate_of"' in html and f'value="{first.number}"' in html
    assert 'form="case-form"' in html and 'id="case-form"' in html
    wrong = client.post(form, {**data, "not_duplicate_of": str(first.number + 100)})
    assert wrong.status_code == 409 and Case.objects.count() == 1
    opened = client.post(form, {**data, "not_duplicate_of": str(first.number)})
    assert opened.status_code == 302
    case = Case.objects.exclude(pk=first.pk).get()
    assert opened["Location"] == f"/cases/{case.number}"
    event = AuditEvent.objects.get(case=case, action="case.created")
    assert event.after["duplicate_override_of"] == first.number
