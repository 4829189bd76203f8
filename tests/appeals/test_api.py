"""The appeals API: opening an appeal (quality check, evidence, one open appeal per cause),
versions after a request for more information, the reviewers' decisions, and seller
isolation (another seller's appeal and files are 404)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from sellerdesk.appeals import quality
from sellerdesk.appeals.models import Appeal, EvidenceRequirement
from sellerdesk.attachments import services as attachments
from sellerdesk.cases.models import Case
from sellerdesk.health.models import AccountCause
from tests.api.conftest import assert_problem
from tests.sample_files import pdf_bytes

ROOT = (
    "Our listing for ASIN B0ABCDE123 was reported as inauthentic on 2026-10-20. We bought "
    "200 units from a wholesaler who could not give invoices, and sold 37 of them."
)
ACTIONS = (
    "We have removed the listing and refunded the 37 buyers. We destroyed the remaining "
    "163 units on 2026-10-25."
)
MEASURES = (
    "To prevent this from happening again:\n"
    "- The purchasing manager checks the invoice of every new supplier before each order.\n"
    "- Our QA team audits 20 random listings weekly."
)


def make_cause(seller, *, violation=None, kind="restriction", reason="authenticity_complaint"):
    return AccountCause.objects.create(
        seller=seller,
        kind=kind,
        reason_code=reason,
        restrictions=["selling_privileges_removed"],
        appealable=True,
        since=timezone.now() - timedelta(days=2),
        detail={"violation_ids": [violation.pk]} if violation else {},
    )


def upload(user, seller, name="invoice.pdf"):
    f = SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
    return attachments.attachment_upload(actor=user, seller=seller, upload=f).pk


def invoice(attachment_id, **overrides):
    item = {
        "attachment": attachment_id,
        "requirement": "invoices",
        "document_date": (date.today() - timedelta(days=30)).isoformat(),
        "supplier_name": "Shenzhen Huaxin Trading Co., Ltd.",
        "supplier_address": "88 Keyuan Road, Nanshan, Shenzhen",
    }
    item.update(overrides)
    return item


def body(cause_id, evidence, **overrides):
    data = {
        "cause": cause_id,
        "root_cause": ROOT,
        "corrective_actions": ACTIONS,
        "preventive_measures": MEASURES,
        "evidence": evidence,
    }
    data.update(overrides)
    return data


# --- opening ---------------------------------------------------------------------------------


def test_open_an_appeal_gives_the_appeal_and_its_warnings(as_user, seller_owner, seller_a, cause):
    # The invoice's supplier address is missing: a warning, not a refusal.
    evidence = [invoice(upload(seller_owner, seller_a), supplier_address="")]
    response = as_user(seller_owner).post("/appeals", body(cause.pk, evidence))
    assert response.status_code == 201, response.content
    appeal = response.json()
    assert appeal["seller_code"] == "A1SELLER" and appeal["status"] == "in_review"
    assert appeal["cause"]["id"] == cause.pk and appeal["cause"]["lifted_at"] is None
    assert appeal["case"] == Appeal.objects.get().case.number
    assert [(w["code"], w["blocking"]) for w in appeal["warnings"]] == [
        ("evidence_supplier_missing", False)
    ]
    assert appeal["warnings"][0]["sentence"] == "invoice.pdf"
    (version,) = appeal["versions"]
    assert version["number"] == 1 and version["root_cause"] == ROOT
    (file,) = version["evidence"]
    assert file["requirement"] == "invoices" and file["filename"] == "invoice.pdf"
    assert file["url"] == f"/api/v1/appeals/{appeal['id']}/evidence/{file['id']}"
    assert appeal["decisions"] == [] and appeal["steps_left"] == []
    # The review case reads like any case (its fields are text).
    case = as_user(seller_owner).get(f"/cases/{appeal['case']}")
    assert case.status_code == 200, case.content
    assert case.json()["fields"] == {"appeal": str(appeal["id"]), "cause": str(cause.pk)}


def test_reason_code_may_name_the_cause(as_user, seller_owner, seller_a, cause):
    data = body(None, [invoice(upload(seller_owner, seller_a))], reason_code=cause.reason_code)
    del data["cause"]
    response = as_user(seller_owner).post("/appeals", data)
    assert response.status_code == 201, response.content
    assert response.json()["cause"]["id"] == cause.pk


def test_missing_section_and_missing_invoices_are_422(as_user, seller_owner, cause):
    response = as_user(seller_owner).post("/appeals", body(cause.pk, [], root_cause=""))
    problem = assert_problem(response, 422)
    assert {(e["field"], e["code"]) for e in problem["errors"]} == {
        ("root_cause", "missing_section"),
        ("evidence.invoices", "evidence_missing"),
    }
    blocking = [(f["section"], f["code"]) for f in problem["findings"] if f["blocking"]]
    assert blocking == [("root_cause", "missing_section"), ("evidence", "evidence_missing")]
    assert all("sentence" in f and f["message"] for f in problem["findings"])
    assert not Appeal.objects.exists()


def test_a_second_appeal_for_the_cause_is_409_naming_the_open_one(
    as_user, seller_owner, seller_a, cause, opened
):
    again = body(cause.pk, [invoice(upload(seller_owner, seller_a, "b.pdf"))])
    problem = assert_problem(as_user(seller_owner).post("/appeals", again), 409)
    assert problem["appeal"] == opened["id"]
    assert problem["link"] == f"/appeals/{opened['id']}/"


def test_a_bare_id_goes_to_the_only_requirement(as_user, seller_owner, seller_a, cause):
    evidence = [upload(seller_owner, seller_a)]
    response = as_user(seller_owner).post("/appeals", body(cause.pk, evidence))
    assert response.status_code == 201, response.content
    (file,) = response.json()["versions"][0]["evidence"]
    assert file["requirement"] == "invoices"
    # Undated and without a supplier: the check warns about both.
    codes = {w["code"] for w in response.json()["warnings"]}
    assert codes == {"evidence_out_of_window", "evidence_supplier_missing"}


def test_an_item_without_requirement_goes_to_the_only_one(as_user, seller_owner, seller_a, cause):
    item = invoice(upload(seller_owner, seller_a))
    del item["requirement"]
    response = as_user(seller_owner).post("/appeals", body(cause.pk, [item]))
    assert response.status_code == 201, response.content
    assert response.json()["warnings"] == []
    assert response.json()["versions"][0]["evidence"][0]["requirement"] == "invoices"


def test_unknown_requirement_and_draft_sections_are_422(as_user, seller_owner, seller_a, cause):
    client = as_user(seller_owner)
    item = invoice(upload(seller_owner, seller_a), requirement="passport")
    problem = assert_problem(client.post("/appeals", body(cause.pk, [item])), 422)
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [
        ("evidence.0.requirement", "unknown")
    ]
    data = body(cause.pk, [], draft_zh={"summary": "总结"})
    assert_problem(client.post("/appeals", data), 422, field="draft_zh.summary")


def test_a_bare_id_with_several_requirements_is_422(as_user, seller_owner, seller_a, cause):
    EvidenceRequirement.objects.create(
        cause_kind="any", code="other", label_en="Other", label_zh="其他", required=False
    )
    evidence = [invoice(upload(seller_owner, seller_a)), upload(seller_owner, seller_a, "x.pdf")]
    response = as_user(seller_owner).post("/appeals", body(cause.pk, evidence))
    assert_problem(response, 422, field="evidence.1.requirement")


def test_another_sellers_cause_is_404(as_user, seller2_owner, cause):
    assert_problem(as_user(seller2_owner).post("/appeals", body(cause.pk, [])), 404)


def test_staff_cannot_appeal(as_user, agent_ah, cause):
    assert_problem(as_user(agent_ah).post("/appeals", body(cause.pk, [])), 403)


def test_unknown_members_are_refused(as_user, seller_owner, cause):
    response = as_user(seller_owner).post("/appeals", body(cause.pk, [], tone="friendly"))
    assert_problem(response, 422, field="tone")


def test_check_is_a_dry_run(as_user, seller_owner, cause):
    data = body(cause.pk, [])
    response = as_user(seller_owner).post("/appeals/check", data)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["blocking"] is True
    assert [f["code"] for f in result["findings"] if f["blocking"]] == ["evidence_missing"]
    assert not Appeal.objects.exists()


def test_chinese_clients_get_chinese_finding_messages(as_user, seller_owner, cause, monkeypatch):
    # The catalogue may not hold the check's words yet: give it one for this test.
    with translation.override("en"):
        msgid = str(quality.MESSAGES["root_cause", "missing_section"])
    catalog = translation.trans_real.translation("zh-hans")._catalog._catalogs[0]
    monkeypatch.setitem(catalog, msgid, "请说明根本原因。")
    headers = {"Accept-Language": "zh-CN"}
    client = as_user(seller_owner)
    data = body(cause.pk, [], root_cause="")
    result = client.post("/appeals/check", data, headers=headers).json()
    (finding,) = [f for f in result["findings"] if f["section"] == "root_cause"]
    assert finding["message"] == "请说明根本原因。"
    problem = assert_problem(client.post("/appeals", data, headers=headers), 422)
    assert problem["errors"][0] == {
        "field": "root_cause",
        "code": "missing_section",
        "message": "请说明根本原因。",
    }
    assert problem["findings"][0]["message"] == "请说明根本原因。"
    english = client.post("/appeals/check", data, headers={"Accept-Language": "en"}).json()
    assert english["findings"][0]["message"].startswith("Describe the root cause")


# --- reading -----------------------------------------------------------------------------------


def test_the_seller_and_account_health_read_it(as_user, seller_owner, agent_ah, opened):
    path = f"/appeals/{opened['id']}"
    mine = as_user(seller_owner).get(path).json()
    assert mine["versions"][0]["draft_zh"] == {}
    theirs = as_user(agent_ah).get(path)
    assert theirs.status_code == 200
    assert theirs.json()["versions"][0]["draft_zh"] is None
    listed = as_user(agent_ah).get("/appeals", {"seller_code": "A1SELLER"}).json()
    assert [a["id"] for a in listed["items"]] == [opened["id"]]


def test_other_sellers_and_other_teams_get_404(
    as_user, seller2_owner, agent_ss, seller_owner, opened
):
    evidence_id = opened["versions"][0]["evidence"][0]["id"]
    for user in (seller2_owner, agent_ss):
        client = as_user(user)
        assert_problem(client.get(f"/appeals/{opened['id']}"), 404)
        assert_problem(client.get(f"/appeals/{opened['id']}/evidence/{evidence_id}"), 404)
        assert client.get("/appeals").json()["items"] == []
    file = as_user(seller_owner).get(f"/appeals/{opened['id']}/evidence/{evidence_id}")
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"


def test_list_filters_by_status(as_user, agent_ah, opened):
    reviewer = as_user(agent_ah)
    found = reviewer.get("/appeals", {"status": "self_service,in_review"}).json()["items"]
    assert [a["id"] for a in found] == [opened["id"]]
    assert reviewer.get("/appeals", {"status": "accepted"}).json()["items"] == []
    assert reviewer.get("/appeals", {"seller_code": "B2SELLER"}).json()["items"] == []


def test_list_pages_with_a_cursor(as_user, seller_owner, seller_a, violation):
    client = as_user(seller_owner)
    ids = []
    for reason in ("one", "two", "three"):
        cause = make_cause(seller_a, violation=violation, reason=reason)
        data = body(cause.pk, [invoice(upload(seller_owner, seller_a))])
        ids.append(client.post("/appeals", data).json()["id"])
    first = client.get("/appeals", {"limit": 2}).json()
    second = client.get("/appeals", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [a["id"] for a in first["items"] + second["items"]] == ids[::-1]
    assert second["next_cursor"] is None
    assert_problem(client.get("/appeals", {"cursor": "nonsense"}), 422, field="cursor")


# --- the reviewers -----------------------------------------------------------------------------


def test_request_info_then_a_new_version(as_user, seller_owner, seller_a, agent_ah, opened):
    path = f"/appeals/{opened['id']}"
    reviewer, seller = as_user(agent_ah), as_user(seller_owner)
    # Not while in review.
    assert_problem(seller.post(f"{path}/versions", body(None, [])), 422)  # cause is not a field
    assert_problem(
        seller.post(
            f"{path}/versions",
            {"root_cause": ROOT, "corrective_actions": ACTIONS, "preventive_measures": MEASURES},
        ),
        409,
    )
    response = reviewer.post(f"{path}/request-info", {"text": "Send the invoices for 2026."})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "info_requested"
    case = Case.objects.get(number=opened["case"])
    assert case.status == "awaiting_seller"
    clocks = _sla(reviewer, case.number)
    assert clocks["resolution"]["state"] == "paused"
    old_file = opened["versions"][0]["evidence"][0]
    new_version = {
        "root_cause": ROOT,
        "corrective_actions": ACTIONS + " We also closed the wholesaler account.",
        "preventive_measures": MEASURES,
        "evidence": [
            invoice(old_file["attachment"]),
            invoice(upload(seller_owner, seller_a, "2026.pdf")),
        ],
        "draft_zh": {"root_cause": "供应商没有发票。"},
    }
    response = seller.post(f"{path}/versions", new_version)
    assert response.status_code == 201, response.content
    version = response.json()
    assert version["number"] == 2 and len(version["evidence"]) == 2
    assert version["draft_zh"] == {"root_cause": "供应商没有发票。"}
    case.refresh_from_db()
    assert case.status == "open"
    assert case.next_response_due_at is not None
    clocks = _sla(reviewer, case.number)
    assert clocks["resolution"]["state"] not in ("paused", "met", "breached")
    assert clocks["resolution"]["due_at"] is not None
    appeal = seller.get(path).json()
    assert appeal["status"] == "in_review"
    assert [v["number"] for v in appeal["versions"]] == [1, 2]
    assert [(d["outcome"], d["version"]) for d in appeal["decisions"]] == [("request_info", 1)]


def test_accept_lifts_the_cause(as_user, seller_owner, agent_ah, cause, opened):
    client = as_user(seller_owner)
    listed = client.get("/sellers/A1SELLER/status").json()["causes"]
    assert [c["id"] for c in listed] == [cause.pk]
    response = as_user(agent_ah).post(f"/appeals/{opened['id']}/accept", {"text": "Welcome back."})
    assert response.status_code == 200, response.content
    appeal = response.json()
    assert appeal["status"] == "accepted" and appeal["decided_at"]
    assert appeal["cause"]["lifted_at"] is not None
    assert appeal["decisions"][0]["outcome"] == "accept"
    assert client.get("/sellers/A1SELLER/status").json()["causes"] == []
    assert_problem(as_user(agent_ah).post(f"/appeals/{opened['id']}/accept", {}), 409)


def test_reject_needs_known_reasons(as_user, agent_ah, opened):
    path = f"/appeals/{opened['id']}/reject"
    reviewer = as_user(agent_ah)
    assert_problem(reviewer.post(path, {"reasons": []}), 422, field="reasons")
    assert_problem(reviewer.post(path, {"reasons": ["nope"]}), 422, field="reasons.0")
    response = reviewer.post(path, {"reasons": ["root_cause_not_identified"]})
    assert response.status_code == 200, response.content
    appeal = response.json()
    assert appeal["status"] == "rejected" and appeal["cause"]["lifted_at"] is None
    assert appeal["decisions"][0]["reasons"] == ["root_cause_not_identified"]


def test_reviewer_actions_are_refused_to_sellers(as_user, seller_owner, seller2_owner, opened):
    path = f"/appeals/{opened['id']}"
    for action, data in (
        ("accept", {}),
        ("reject", {"reasons": ["root_cause_not_identified"]}),
        ("request-info", {"text": "more"}),
    ):
        assert_problem(as_user(seller_owner).post(f"{path}/{action}", data), 403)
        assert_problem(as_user(seller2_owner).post(f"{path}/{action}", data), 404)
    assert Appeal.objects.get().status == "in_review"


def test_a_reviewer_meets_409_before_review(
    as_user, seller_owner, seller_a, agent_ah, violation, guide_corpus
):
    # A cause the automated review opened waits for the self-service steps first.
    cause = make_cause(seller_a, violation=violation, kind="review")
    response = as_user(seller_owner).post(
        "/appeals", body(cause.pk, [invoice(upload(seller_owner, seller_a))])
    )
    assert response.status_code == 201, response.content
    appeal = response.json()
    assert appeal["status"] == "self_service"
    assert {s["kind"] for s in appeal["steps_left"]} == {"read"}
    assert_problem(as_user(agent_ah).post(f"/appeals/{appeal['id']}/accept", {}), 409)


def test_rejection_reasons_in_the_callers_language(as_user, seller_owner):
    client = as_user(seller_owner)
    english = client.get("/appeal-rejection-reasons", headers={"Accept-Language": "en"}).json()
    chinese = client.get("/appeal-rejection-reasons", headers={"Accept-Language": "zh"}).json()
    assert {
        "code": "root_cause_not_identified",
        "label": "The root cause is not identified",
    } in english
    assert {"code": "root_cause_not_identified", "label": "未找到问题根源"} in chinese


def _sla(client, number):
    response = client.get(f"/cases/{number}")
    assert response.status_code == 200, response.content
    return response.json()["sla"]
