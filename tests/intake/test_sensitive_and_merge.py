"""Bank details encrypted at rest and masked; full values only for the owning team's agents
with a reason, each view logged. Merging moves messages, attachments and events."""

import pytest
from django.db import connection

from sellerdesk.accounts.models import Team
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases import merge, sensitive, services
from sellerdesk.cases.models import Case, Message, SensitiveField
from sellerdesk.lib.errors import Conflict, Forbidden, ValidationFailed

from .conftest import PNG, Api, case_body

IBAN = "DE89370400440532013000"


@pytest.fixture
def payments_case(make_case):
    return make_case(
        case_type="payments",
        subject="结算款没有到账",
        description="上周的结算款一直没有到账",
        fields={"iban": IBAN, "cn_resident_id": "11010519491231002X"},
    )


def test_encrypted_at_rest_and_masked(payments_case):
    assert payments_case.fields["iban"].endswith("3000") and IBAN not in str(payments_case.fields)
    with connection.cursor() as cursor:
        cursor.execute("SELECT fields FROM cases_case WHERE id = %s", [payments_case.pk])
        assert IBAN not in str(cursor.fetchone())
        cursor.execute("SELECT ciphertext FROM cases_sensitivefield")
        stored = " ".join(row[0] for row in cursor.fetchall())
    assert IBAN not in stored and "11010519491231002X" not in stored
    assert SensitiveField.objects.filter(case=payments_case).count() == 2
    # Nor in the audit trail.
    assert IBAN not in str(list(AuditEvent.objects.values_list("before", "after")))


def test_api_and_pages_show_masked(payments_case, seller_owner, agent_ss, client):
    body = Api(seller_owner).get(f"/cases/{payments_case.number}").json()
    assert body["fields"]["iban"] == "•" * 18 + "3000"
    client.force_login(agent_ss)
    page = client.get(f"/console/cases/{payments_case.number}").content.decode()
    assert IBAN not in page and "3000" in page


def test_owning_team_agent_reveals_with_reason_and_log(payments_case, agent_ss):
    values = sensitive.case_sensitive_reveal(
        actor=agent_ss, case=payments_case, reason="Checking the disbursement account"
    )
    assert values == {"iban": IBAN, "cn_resident_id": "11010519491231002X"}
    sensitive.case_sensitive_reveal(actor=agent_ss, case=payments_case, reason="Second look")
    events = AuditEvent.objects.filter(action="case.sensitive_revealed").order_by("id")
    assert [e.after["reason"] for e in events] == [
        "Checking the disbursement account",
        "Second look",
    ]
    assert all(e.internal and e.actor == agent_ss for e in events)
    assert IBAN not in str([e.after for e in events])


def test_reveal_needs_a_reason(payments_case, agent_ss):
    with pytest.raises(ValidationFailed):
        sensitive.case_sensitive_reveal(actor=agent_ss, case=payments_case, reason=" ")
    assert not AuditEvent.objects.filter(action="case.sensitive_revealed").exists()


def test_agent_outside_the_owning_team_cannot_reveal(payments_case, agent_ah, operator):
    # Payments belong to seller-support; an account-health agent sees neither the case...
    assert (
        Api(agent_ah).post(f"/cases/{payments_case.number}/reveal", {"reason": "x"}).status_code
        == 404
    )
    # ...nor the values, even handed the case directly.
    with pytest.raises(Forbidden):
        sensitive.case_sensitive_reveal(actor=agent_ah, case=payments_case, reason="curious")
    with pytest.raises(Forbidden):
        sensitive.case_sensitive_reveal(actor=operator, case=payments_case, reason="curious")
    assert not AuditEvent.objects.filter(action="case.sensitive_revealed").exists()


def test_moving_the_case_to_another_team_moves_the_right(payments_case, agent_ss, agent_ah):
    Case.objects.filter(pk=payments_case.pk).update(team=Team.objects.get(code="account-health"))
    payments_case.refresh_from_db()
    with pytest.raises(Forbidden):
        sensitive.case_sensitive_reveal(actor=agent_ss, case=payments_case, reason="x")
    assert sensitive.case_sensitive_reveal(actor=agent_ah, case=payments_case, reason="x")


def test_sellers_cannot_reveal(payments_case, seller_owner):
    response = Api(seller_owner).post(f"/cases/{payments_case.number}/reveal", {"reason": "x"})
    assert response.status_code == 403


def test_api_reveal(payments_case, agent_ss):
    response = Api(agent_ss).post(f"/cases/{payments_case.number}/reveal", {"reason": "verify"})
    assert response.status_code == 200
    assert response.json()["fields"]["iban"] == IBAN


def test_console_reveal(payments_case, agent_ss, client):
    client.force_login(agent_ss)
    url = f"/console/cases/{payments_case.number}/reveal"
    assert client.post(url, {"reason": ""}).status_code == 422
    page = client.post(url, {"reason": "Seller asked to confirm"}).content.decode()
    assert IBAN in page
    assert AuditEvent.objects.filter(action="case.sensitive_revealed").count() == 1


# --- merge ------------------------------------------------------------------------------------


def _two_cases(seller_owner):
    client = Api(seller_owner)
    upload = client.upload("shot.png", PNG).json()["id"]
    first = client.post("/cases", case_body()).json()["number"]
    second = client.post(
        "/cases",
        case_body(
            subject="Late refund",
            description="The buyer wants a refund for a second order",
            fields={"order_id": "114-7654321-7654321"},
            attachments=[upload],
        ),
    ).json()["number"]
    return first, second, upload


def test_merge_moves_everything_and_closes(seller_owner, agent_ss):
    first, second, upload = _two_cases(seller_owner)
    case = Case.objects.get(number=second)
    services.case_message_add(actor=seller_owner, case=case, body="more details")
    response = Api(agent_ss).post(f"/cases/{second}/merge", {"into": first})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == first
    assert upload in body["attachments"]
    assert any(m["body"] == "more details" for m in body["messages"])
    merged = Case.objects.get(number=second)
    assert merged.status == "closed" and merged.duplicate_of.number == first
    assert merged.close_reason == "duplicate"
    assert not Message.objects.filter(case=merged).exists()
    # The audit log is append-only: each case keeps the events recorded on it, and the case
    # that stays shows both histories through the link.
    assert AuditEvent.objects.filter(action="case.created", case__number=first).count() == 1
    assert AuditEvent.objects.filter(action="case.created", case=merged).count() == 1
    assert AuditEvent.objects.filter(action="case.closed", case=merged).count() == 1
    created = [e for e in body["events"] if e["action"] == "case.created"]
    assert len(created) == 2
    seller_view = Api(seller_owner).get(f"/cases/{second}").json()
    assert seller_view["duplicate_of"] == first and seller_view["status"] == "closed"


def test_merge_refusals(seller_owner, seller2_owner, agent_ss, agent_ah, make_case):
    first, second, _ = _two_cases(seller_owner)
    case, into = Case.objects.get(number=second), Case.objects.get(number=first)
    with pytest.raises(ValidationFailed):
        merge.case_merge(actor=agent_ss, case=case, into=case)
    with pytest.raises(Forbidden):
        merge.case_merge(actor=agent_ah, case=case, into=into)
    assert Api(seller_owner).post(f"/cases/{second}/merge", {"into": first}).status_code == 403
    other = Api(seller2_owner).post("/cases", case_body(site="US")).json()["number"]
    response = Api(agent_ss).post(f"/cases/{second}/merge", {"into": other})
    assert response.status_code == 422
    merge.case_merge(actor=agent_ss, case=case, into=into)
    with pytest.raises(Conflict):
        merge.case_merge(actor=agent_ss, case=Case.objects.get(pk=case.pk), into=into)


def test_console_merge(seller_owner, agent_ss, client):
    first, second, _ = _two_cases(seller_owner)
    client.force_login(agent_ss)
    response = client.post(f"/console/cases/{second}/merge", {"into": first})
    assert response.status_code == 302
    assert Case.objects.get(number=second).duplicate_of.number == first


def test_seller_adds_text_to_the_open_case_instead(seller_owner, make_case, client):
    case = make_case()
    client.force_login(seller_owner)
    response = client.post(f"/cases/{case.number}/reply", {"body": "还是没收到，买家又来催了"})
    assert response.status_code in (200, 302)
    assert case.messages.filter(body__startswith="还是没收到").exists()


def test_never_in_notifications_or_case_search(payments_case, agent_ss, seller_owner):
    from sellerdesk.cases.selectors import CaseFilters, case_list_for
    from sellerdesk.notifications.models import Notification

    services.case_message_add(actor=agent_ss, case=payments_case, body="Checking your account")
    services.case_resolve(actor=agent_ss, case=payments_case, body="Paid out again.")
    rows = list(Notification.objects.all())
    assert rows
    for row in rows:  # subject and body are stored rendered
        stored = str([getattr(row, f.attname) for f in row._meta.fields])
        assert IBAN not in stored and "11010519491231002X" not in stored
    # Case search reads subject and number only: the IBAN finds nothing.
    found, _ = case_list_for(seller_owner, CaseFilters(q="3000"))
    assert found == []
