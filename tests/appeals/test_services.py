"""Appeals through their services: one open appeal per cause, versions, the self-service gate,
evidence windows, the reviewers' decisions and what each leaves behind (audit, notices, the
cause, the seller's status, the review case's clocks)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sellerdesk.appeals import review, selectors, services
from sellerdesk.appeals.models import Appeal, AppealDecision
from sellerdesk.appeals.quality import Draft
from sellerdesk.attachments.services import attachment_upload
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.lifecycle import Status
from sellerdesk.health.causes import seller_status_sync
from sellerdesk.health.models import AccountCause, PolicyViolation
from sellerdesk.lib.errors import Conflict, Forbidden, NotFound, ValidationFailed
from sellerdesk.notifications.models import Notification
from sellerdesk.sites.models import Site
from tests.sample_files import pdf_bytes

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

GOOD = Draft(
    root_cause=(
        "Our late shipment rate reached 6.2% between 2026-10-01 and 2026-10-30 because our "
        "warehouse in Shenzhen shipped order 113-1234567-1234567 and 41 others two days late "
        "after a staff shortage during the Golden Week holiday."
    ),
    corrective_actions=(
        "We have hired two more packers and cleared the backlog on 2026-11-02. We refunded the "
        "buyers of the 42 late orders and contacted each of them."
    ),
    preventive_measures=(
        "- Our warehouse manager checks the ship-by report every morning and ships every order "
        "the same day.\n"
        "- Our operations lead reviews the late shipment rate every week and adds staff before "
        "each holiday."
    ),
)


def _upload(seller, user, name="orders.pdf"):
    upload = SimpleUploadedFile(name, pdf_bytes("late orders report"))
    return attachment_upload(actor=user, seller=seller, upload=upload, now=NOW)


def _cause(seller, *, kind="restriction", reason="late_shipment_rate_beyond_target", **extra):
    cause = AccountCause.objects.create(
        seller=seller,
        marketplace="US",
        kind=kind,
        reason_code=reason,
        rule_code=extra.pop("rule_code", f"rule-{reason}"),
        restrictions=extra.pop("restrictions", ["mfn_offers_suspended"]),
        appealable=extra.pop("appealable", True),
        since=NOW - timedelta(days=3),
        detail=extra.pop("detail", {"metric": "late_shipment_rate_10d", "score": 520}),
    )
    seller_status_sync(seller=seller, band="at_risk", now=NOW)
    return cause


def _open(seller, user, cause, draft=GOOD, *, evidence=None, now=NOW):
    if evidence is None:
        evidence = [services.EvidenceInput(_upload(seller, user).pk, "defect_orders")]
    return services.appeal_open(
        actor=user, seller=seller, cause_id=cause.pk, draft=draft, evidence=evidence, now=now
    )


@pytest.fixture
def cause(seller_a, seller_owner):
    return _cause(seller_a)


def test_an_appeal_reaches_the_account_health_queue_as_a_case(seller_a, seller_owner, cause):
    appeal, warnings = _open(seller_a, seller_owner, cause)
    assert warnings == []
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.IN_REVIEW
    case = appeal.case
    assert case.case_type.code == "account-appeal"
    assert case.team.code == "account-health"
    assert case.status == Status.NEW
    # 24 h to the first response, from the same SLA policies as every case.
    assert case.first_response_due_at is not None
    assert case.fields == {"appeal": str(appeal.pk), "cause": str(cause.pk)}
    assert "Plan of action, version 1" in case.description
    # The evidence is one of the case's files now, so the case's checks cover it.
    (evidence,) = appeal.versions.get().evidence.all()
    assert evidence.attachment.case_id == case.pk
    actions = list(
        AuditEvent.objects.filter(object_type="appeals.appeal", object_id=str(appeal.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["appeal.opened", "appeal.submitted"]


def test_a_second_appeal_for_the_same_cause_is_refused_naming_the_first(
    seller_a, seller_owner, cause
):
    first, _ = _open(seller_a, seller_owner, cause)
    with pytest.raises(Conflict) as refused:
        _open(seller_a, seller_owner, cause)
    assert refused.value.extra == {"appeal": first.pk, "link": f"/appeals/{first.pk}/"}
    # By reason code too.
    with pytest.raises(Conflict):
        services.appeal_open(
            actor=seller_owner,
            seller=seller_a,
            reason_code="late_shipment_rate_beyond_target",
            draft=GOOD,
            evidence=[services.EvidenceInput(_upload(seller_a, seller_owner).pk, "defect_orders")],
            now=NOW,
        )
    assert Appeal.objects.count() == 1


def test_missing_section_and_missing_evidence_block_and_nothing_is_written(
    seller_a, seller_owner, cause
):
    draft = Draft(GOOD.root_cause, "", GOOD.preventive_measures)
    with pytest.raises(ValidationFailed) as refused:
        _open(seller_a, seller_owner, cause, draft, evidence=[])
    fields = {(e.field, e.code) for e in refused.value.errors}
    assert ("corrective_actions", "missing_section") in fields
    assert ("evidence.defect_orders", "evidence_missing") in fields
    assert refused.value.extra["findings"]
    assert not Appeal.objects.exists()


def test_a_foreign_or_unusable_file_is_refused_by_position(
    seller_a, seller_owner, seller_b, seller2_owner, cause
):
    foreign = _upload(seller_b, seller2_owner)
    with pytest.raises(ValidationFailed) as refused:
        _open(
            seller_a,
            seller_owner,
            cause,
            evidence=[services.EvidenceInput(foreign.pk, "defect_orders")],
        )
    assert [e.field for e in refused.value.errors] == ["evidence.0.attachment"]
    own = _upload(seller_a, seller_owner)
    with pytest.raises(ValidationFailed) as refused:
        _open(seller_a, seller_owner, cause, evidence=[services.EvidenceInput(own.pk, "nope")])
    assert [e.field for e in refused.value.errors] == ["evidence.0.requirement"]


def test_another_sellers_cause_and_appeal_are_not_found(
    seller_a, seller_owner, seller_b, seller2_owner, agent_ss, cause
):
    with pytest.raises(NotFound):
        services.appeal_open(
            actor=seller2_owner, seller=seller_a, cause_id=cause.pk, draft=GOOD, now=NOW
        )
    with pytest.raises(NotFound):
        services.appeal_open(
            actor=seller2_owner, seller=seller_b, cause_id=cause.pk, draft=GOOD, now=NOW
        )
    appeal, _ = _open(seller_a, seller_owner, cause)
    assert selectors.appeal_get_for(seller_owner, appeal.pk) == appeal
    evidence = appeal.versions.get().evidence.get()
    for outsider in (seller2_owner, agent_ss):
        with pytest.raises(NotFound):
            selectors.appeal_get_for(outsider, appeal.pk)
        with pytest.raises(NotFound):
            selectors.evidence_get_for(outsider, appeal.pk, evidence.pk)


def test_a_lifted_or_unappealable_cause_cannot_be_appealed(seller_a, seller_owner):
    closed = _cause(seller_a, rule_code="r1", appealable=False)
    with pytest.raises(Conflict):
        _open(seller_a, seller_owner, closed)
    lifted = _cause(seller_a, rule_code="r2")
    AccountCause.objects.filter(pk=lifted.pk).update(lifted_at=NOW)
    with pytest.raises(Conflict):
        _open(seller_a, seller_owner, lifted)


def test_request_info_pauses_the_case_and_a_new_version_restarts_it(
    seller_a, seller_owner, agent_ah, cause
):
    appeal, _ = _open(seller_a, seller_owner, cause)
    later = NOW + timedelta(hours=5)
    review.appeal_request_info(
        actor=agent_ah, appeal=appeal, text="Please add the carrier's scan report.", now=later
    )
    appeal.refresh_from_db()
    appeal.case.refresh_from_db()
    assert appeal.status == Appeal.Status.INFO_REQUESTED
    assert appeal.case.status == Status.AWAITING_SELLER
    assert appeal.case.first_response_at == later
    # The seller hears it once, from the appeal (not a second time from the case).
    kinds = list(Notification.objects.filter(recipient=seller_owner).values_list("kind", flat=True))
    assert kinds.count("appeal.request_info") == 1
    assert "case.request_info" not in kinds
    notice = Notification.objects.get(kind="appeal.request_info")
    assert notice.link == f"/appeals/{appeal.pk}/"

    with pytest.raises(Conflict):
        review.appeal_request_info(actor=agent_ah, appeal=appeal, text="again", now=later)

    second = Draft(
        GOOD.root_cause,
        GOOD.corrective_actions + " We have attached the carrier's scan report for 42 orders.",
        GOOD.preventive_measures,
    )
    scans = _upload(seller_a, seller_owner, "scans.pdf")
    carried = appeal.versions.get().evidence.get().attachment_id
    version, _ = services.appeal_revise(
        actor=seller_owner,
        appeal=appeal,
        draft=second,
        evidence=[
            services.EvidenceInput(carried, "defect_orders"),
            services.EvidenceInput(scans.pk, "defect_orders"),
        ],
        now=later + timedelta(hours=1),
    )
    assert version.number == 2
    appeal.refresh_from_db()
    appeal.case.refresh_from_db()
    assert appeal.status == Appeal.Status.IN_REVIEW
    assert appeal.case.status == Status.OPEN
    # Version 1 is kept as it was; version 2 carries both files, the new one on the case.
    v1, v2 = appeal.versions.order_by("number")
    assert v1.corrective_actions == GOOD.corrective_actions
    # Keeping the sections the reviewers did not question is right, not copying: version 1
    # was sent back, not rejected.
    assert v2.findings == []
    assert sorted(e.attachment_id for e in v2.evidence.all()) == sorted([carried, scans.pk])
    scans.refresh_from_db()
    assert scans.case_id == appeal.case_id
    assert appeal.case.messages.filter(body__contains="Plan of action, version 2").exists()


def test_revising_is_refused_while_in_review(seller_a, seller_owner, cause):
    appeal, _ = _open(seller_a, seller_owner, cause)
    with pytest.raises(Conflict):
        services.appeal_revise(actor=seller_owner, appeal=appeal, draft=GOOD, now=NOW)


def test_accept_reinstates_each_step_audited(seller_a, seller_owner, agent_ah, cause):
    seller_a.refresh_from_db()
    assert seller_a.status == "restricted"
    appeal, _ = _open(seller_a, seller_owner, cause)
    review.appeal_accept(actor=agent_ah, appeal=appeal, text="Thank you.", now=NOW)
    appeal.refresh_from_db()
    cause.refresh_from_db()
    seller_a.refresh_from_db()
    assert appeal.status == Appeal.Status.ACCEPTED
    assert appeal.decided_at == NOW
    assert cause.lifted_at == NOW and cause.lifted_by == agent_ah
    assert seller_a.status != "restricted"
    assert appeal.case.status == Status.RESOLVED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"appeal.accept", "health.cause_lifted", "seller.status_changed", "case.resolved"} <= (
        actions
    )
    lifted = AuditEvent.objects.get(action="health.cause_lifted")
    assert lifted.after["appeal"] == appeal.pk
    assert lifted.after["restrictions"] == ["mfn_offers_suspended"]
    kinds = list(Notification.objects.filter(recipient=seller_owner).values_list("kind", flat=True))
    assert kinds.count("appeal.accept") == 1
    assert "health.cause_lifted" not in kinds and "case.resolved" not in kinds
    assert not selectors.open_appeals_by_cause(seller_a)


def test_reject_needs_known_reasons_and_leaves_the_cause(seller_a, seller_owner, agent_ah, cause):
    appeal, _ = _open(seller_a, seller_owner, cause)
    with pytest.raises(ValidationFailed) as refused:
        review.appeal_reject(actor=agent_ah, appeal=appeal, reasons=[], now=NOW)
    assert refused.value.errors[0].field == "reasons"
    with pytest.raises(ValidationFailed):
        review.appeal_reject(actor=agent_ah, appeal=appeal, reasons=["made_up"], now=NOW)
    review.appeal_reject(
        actor=agent_ah,
        appeal=appeal,
        reasons=["evidence_insufficient"],
        text="The report does not show tracking.",
        now=NOW,
    )
    appeal.refresh_from_db()
    cause.refresh_from_db()
    assert appeal.status == Appeal.Status.REJECTED
    assert cause.lifted_at is None
    decision = AppealDecision.objects.get()
    assert decision.reasons == ["evidence_insufficient"]
    notice = Notification.objects.get(kind="appeal.reject", recipient=seller_owner)
    assert notice.language == "zh-hans"
    # A new appeal may follow; copying the rejected text unchanged is a warning.
    _second, warnings = _open(seller_a, seller_owner, cause)
    assert "copied_rejected" in {w.code for w in warnings}


def test_only_the_account_health_team_decides(seller_a, seller_owner, agent_ss, cause):
    appeal, _ = _open(seller_a, seller_owner, cause)
    for call in (
        lambda: review.appeal_accept(actor=agent_ss, appeal=appeal, now=NOW),
        lambda: review.appeal_accept(actor=seller_owner, appeal=appeal, now=NOW),
        lambda: review.appeal_request_info(actor=agent_ss, appeal=appeal, text="x", now=NOW),
    ):
        with pytest.raises(Forbidden):
            call()
    assert not selectors.is_reviewer(agent_ss)


def test_automated_review_waits_for_its_self_service_steps(
    seller_a, seller_owner, agent_ah, guide_corpus
):
    cause = _cause(
        seller_a,
        kind="review",
        reason="health_score_below_threshold",
        restrictions=[],
        detail={"score": 380, "threshold": 400, "consecutive": 1},
    )
    appeal, _ = _open(seller_a, seller_owner, cause)
    appeal.refresh_from_db()
    assert appeal.cause_kinds == ["health_score"]
    assert appeal.status == Appeal.Status.SELF_SERVICE
    assert appeal.case is None
    steps = services.steps_left(appeal)
    assert [(s.kind, s.key) for s in steps] == [
        ("read", "plan-of-action"),
        ("read", "account-health-score"),
    ]
    with pytest.raises(NotFound):
        services.appeal_reading_record(
            actor=seller_owner, appeal=appeal, article="not-in-the-guide", now=NOW
        )
    services.appeal_reading_record(
        actor=seller_owner, appeal=appeal, article="plan-of-action", now=NOW
    )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.SELF_SERVICE
    services.appeal_reading_record(
        actor=seller_owner, appeal=appeal, article="account-health-score", now=NOW
    )
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.IN_REVIEW
    assert appeal.case is not None and appeal.submitted_at == NOW


def test_automated_review_needs_a_complete_chain_of_evidence(seller_a, seller_owner, guide_corpus):
    violation = PolicyViolation.objects.create(
        seller=seller_a,
        site=Site.objects.get(code="US"),
        kind="authenticity",
        severity="critical",
        detected_at=NOW - timedelta(days=5),
        created_at=NOW - timedelta(days=5),
    )
    cause = _cause(
        seller_a,
        kind="review",
        reason="critical_policy_violation",
        detail={"violation_ids": [violation.pk], "score": 380},
    )
    invoice = _upload(seller_a, seller_owner, "invoice.pdf")
    old = services.EvidenceInput(
        invoice.pk,
        "invoices",
        document_date=date(2025, 11, 19),  # 366 days before NOW
        supplier_name="Dongguan Supply Co",
        supplier_address="1 Factory Rd, Dongguan",
    )
    appeal, warnings = _open(seller_a, seller_owner, cause, evidence=[old])
    assert appeal.cause_kinds == ["authenticity"]
    assert [w.code for w in warnings if w.section == "evidence"] == ["evidence_out_of_window"]
    for article in selectors.guide_articles(appeal.cause_kinds)[0]:
        services.appeal_reading_record(actor=seller_owner, appeal=appeal, article=article, now=NOW)
    appeal.refresh_from_db()
    # Read everything, but the invoice is out of its window: still the seller's step.
    assert appeal.status == Appeal.Status.SELF_SERVICE
    assert [s.kind for s in services.steps_left(appeal)] == ["evidence"]
    fresh = services.EvidenceInput(
        invoice.pk,
        "invoices",
        document_date=date(2025, 11, 20),  # exactly 365 days
        supplier_name="Dongguan Supply Co",
        supplier_address="1 Factory Rd, Dongguan",
    )
    services.appeal_revise(actor=seller_owner, appeal=appeal, draft=GOOD, evidence=[fresh], now=NOW)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.IN_REVIEW
    assert appeal.versions.count() == 2


def test_a_seller_cannot_open_an_appeal_case_from_the_support_form(seller_a, seller_owner):
    from sellerdesk.cases.creation import case_create

    with pytest.raises(ValidationFailed) as refused:
        case_create(
            actor=seller_owner,
            seller=seller_a,
            site="US",
            case_type="account-appeal",
            subject="Appeal",
            description="Please reinstate",
            now=NOW,
        )
    assert refused.value.errors[0].code == "not_opened_here"


def test_a_guide_article_nobody_can_open_does_not_hold_the_appeal_back(seller_a, seller_owner):
    # No Seller University corpus here (a new installation): reading cannot be a step.
    cause = _cause(
        seller_a,
        kind="review",
        reason="health_score_below_threshold",
        restrictions=[],
        detail={"score": 380, "threshold": 400, "consecutive": 1},
    )
    appeal, _ = _open(seller_a, seller_owner, cause)
    appeal.refresh_from_db()
    assert services.steps_left(appeal) == []
    assert appeal.status == Appeal.Status.IN_REVIEW
