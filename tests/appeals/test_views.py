"""The appeal pages: the Appeal action on the Account Status page, the new-appeal form (its
guidance, live quality check and submit), the seller's appeal page, the reviewers' queue and
one-page review with its decisions, and who may see what (another seller's is 404)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sellerdesk.appeals.models import Appeal, AppealEvidence
from sellerdesk.health.models import AccountCause, HealthSnapshot
from sellerdesk.knowledge.models import Article, Category

from ..sample_files import pdf_bytes

PLAN = {
    "root_cause": (
        "Our late shipment rate rose to 6.2% between 2026-10-20 and 2026-11-02. "
        "Our warehouse had only one packing shift during the holiday peak, so 37 orders "
        "such as 113-1234567-1234567 left after their handling time."
    ),
    "corrective_actions": (
        "We have shipped all 37 pending orders and refunded the 12 buyers whose orders arrived "
        "late. We switched to a carrier with better on-time rates. We added a second packing "
        "shift on 11/03."
    ),
    "preventive_measures": (
        "To prevent this from happening again:\n"
        "- The warehouse manager checks the pending order queue every morning.\n"
        "- Our QA team audits 20 random shipments weekly.\n"
        "- Before every listing goes live, the listing specialist confirms the handling time."
    ),
}


@pytest.fixture
def as_user(db):
    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def cause(seller_a, seller_owner) -> AccountCause:
    """seller_a restricted for a low score (a health_score cause: the orders behind the
    deductions are required evidence), with a few days of health history."""
    today = timezone.now().date()
    for i, (score, band) in enumerate([(640, "at_risk"), (590, "at_risk"), (550, "critical")]):
        HealthSnapshot.objects.create(
            seller=seller_a,
            as_of=today - timedelta(days=3 - i),
            score=score,
            band=band,
            computed_at=timezone.now(),
        )
    return AccountCause.objects.create(
        seller=seller_a,
        kind=AccountCause.Kind.RESTRICTION,
        reason_code="health_score_below_threshold",
        restrictions=["new_listings"],
        since=timezone.now() - timedelta(days=1),
        detail={"score": 550, "threshold": 600},
    )


@pytest.fixture
def guide_articles(db):
    category, _ = Category.objects.get_or_create(
        code="appeal-guides", defaults={"name_en": "Appeals", "name_zh": "申诉"}
    )
    Article.objects.filter(key="plan-of-action").delete()
    made = {}
    for language, title in (("en", "Writing a plan of action"), ("zh-hans", "如何撰写行动计划")):
        made[language] = Article.objects.create(
            key="plan-of-action",
            language=language,
            category=category,
            title=title,
            body=title,
            status=Article.Status.PUBLISHED,
            created_at=timezone.now(),
            updated_at=timezone.now(),
        )
    return made


def _form(plan: dict | None = None, **extra) -> dict:
    data = {**(plan if plan is not None else PLAN), "draft_zh.root_cause": "迟发率上升的原因"}
    data.update(extra)
    return data


def _file() -> SimpleUploadedFile:
    return SimpleUploadedFile("defects.pdf", pdf_bytes("orders"), content_type="application/pdf")


def _submit(client, cause, **extra):
    data = _form(**extra)
    data["ev-defect_orders-0-file"] = _file()
    data["ev-defect_orders-0-date"] = date.today().isoformat()
    return client.post(reverse("appeal-new", args=[cause.pk]), data)


@pytest.fixture
def appeal(as_user, seller_owner, cause) -> Appeal:
    response = _submit(as_user(seller_owner), cause)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Appeal.objects.get()


# --- the Account Status page ----------------------------------------------------------------


def test_status_page_offers_the_appeal(as_user, seller_owner, cause):
    page = as_user(seller_owner).get(reverse("health-status", args=["A1SELLER"])).content.decode()
    assert reverse("appeal-new", args=[cause.pk]) in page
    assert reverse("health-notice-page", args=["A1SELLER", cause.pk]) in page


def test_status_page_links_the_open_appeal_instead(as_user, seller_owner, appeal):
    page = as_user(seller_owner).get(reverse("health-status", args=["A1SELLER"])).content.decode()
    assert reverse("appeal", args=[appeal.pk]) in page
    assert reverse("appeal-new", args=[appeal.cause_id]) not in page
    assert f"#{appeal.pk}" in page


def test_notice_as_a_printable_page_in_both_languages(as_user, seller_owner, cause):
    response = as_user(seller_owner).get(reverse("health-notice-page", args=["A1SELLER", cause.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "账户健康通知" in page and "Account health notice" in page
    assert page.index("账户健康通知") < page.index("Account health notice")


# --- a new appeal ---------------------------------------------------------------------------


def test_new_appeal_page_in_chinese(as_user, seller_owner, cause, guide_articles):
    page = as_user(seller_owner).get(reverse("appeal-new", args=[cause.pk])).content.decode()
    assert "账户健康评分低于审核阈值" in page  # the reason
    assert reverse("kb-article", args=[guide_articles["en"].pk]) in page  # both languages
    assert reverse("kb-article", args=[guide_articles["zh-hans"].pk]) in page
    assert 'name="draft_zh.root_cause"' in page and 'name="ev-defect_orders-0-file"' in page
    assert 'hx-trigger="input changed delay:800ms"' in page
    assert "导致扣分的订单、货件或投诉" in page  # the requirement's label


def test_new_appeal_page_in_english(as_user, seller_owner, cause):
    seller_owner.language = "en"
    seller_owner.save(update_fields=["language"])
    client = as_user(seller_owner)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("appeal-new", args=[cause.pk]), HTTP_ACCEPT_LANGUAGE="en").content
    page = page.decode()
    assert "Account health score below the review threshold" in page
    assert "Describe the root cause of the problem." in page  # the template hint


def test_live_check_marks_an_empty_section_blocking(as_user, seller_owner, cause):
    plan = {**PLAN, "root_cause": ""}
    response = as_user(seller_owner).post(
        reverse("appeal-new-check", args=[cause.pk]), _form(plan), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="finding blocking" data-code="missing_section"' in page
    assert not Appeal.objects.exists()


def test_live_check_quotes_the_sentence(as_user, seller_owner, cause):
    plan = {**PLAN, "corrective_actions": PLAN["corrective_actions"] + " We will try harder."}
    page = as_user(seller_owner).post(reverse("appeal-new-check", args=[cause.pk]), _form(plan))
    assert "We will try harder." in page.content.decode()


def test_submit_without_required_evidence_is_refused_with_findings(as_user, seller_owner, cause):
    response = as_user(seller_owner).post(reverse("appeal-new", args=[cause.pk]), _form())
    assert response.status_code == 422
    page = response.content.decode()
    assert 'data-code="evidence_missing"' in page and 'id="error-summary"' in page
    assert not Appeal.objects.exists()


def test_full_submit_opens_the_appeal(as_user, seller_owner, appeal):
    assert appeal.status == Appeal.Status.IN_REVIEW and appeal.case is not None
    version = appeal.versions.get()
    assert version.draft_zh == {"root_cause": "迟发率上升的原因"}
    assert AppealEvidence.objects.get().requirement == "defect_orders"
    page = as_user(seller_owner).get(reverse("appeal", args=[appeal.pk])).content.decode()
    assert "迟发率上升的原因" in page and "defects.pdf" in page
    assert reverse("appeal", args=[appeal.pk]) in (
        as_user(seller_owner).get(reverse("appeals")).content.decode()
    )


def test_a_second_appeal_links_the_open_one(as_user, seller_owner, appeal):
    page = as_user(seller_owner).get(reverse("appeal-new", args=[appeal.cause_id]))
    assert reverse("appeal", args=[appeal.pk]) in page.content.decode()
    response = _submit(as_user(seller_owner), appeal.cause)
    assert response.status_code == 409
    assert reverse("appeal", args=[appeal.pk]) in response.content.decode()
    assert Appeal.objects.count() == 1


# --- who may see what -----------------------------------------------------------------------


def test_another_seller_gets_404(as_user, seller2_owner, appeal):
    client = as_user(seller2_owner)
    evidence = AppealEvidence.objects.get()
    assert client.get(reverse("appeal", args=[appeal.pk])).status_code == 404
    assert client.get(reverse("appeal-evidence", args=[appeal.pk, evidence.pk])).status_code == 404
    assert client.get(reverse("appeal-new", args=[appeal.cause_id])).status_code == 404
    check = client.post(reverse("appeal-new-check", args=[appeal.cause_id]), _form())
    assert check.status_code == 404


def test_the_seller_and_the_reviewer_download_the_evidence(as_user, seller_owner, agent_ah, appeal):
    evidence = AppealEvidence.objects.get()
    url = reverse("appeal-evidence", args=[appeal.pk, evidence.pk])
    for user in (seller_owner, agent_ah):
        response = as_user(user).get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_other_staff_may_not_review(as_user, agent_ss, appeal):
    assert as_user(agent_ss).get(reverse("console-appeals")).status_code == 403
    assert as_user(agent_ss).get(reverse("console-appeal", args=[appeal.pk])).status_code == 403


# --- the reviewers --------------------------------------------------------------------------


def test_queue_lists_the_appeal(as_user, agent_ah, appeal):
    page = as_user(agent_ah).get(reverse("console-appeals")).content.decode()
    assert reverse("console-appeal", args=[appeal.pk]) in page
    nav = as_user(agent_ah).get(reverse("console")).content.decode()
    assert f'href="{reverse("console-appeals")}"' in nav


def test_review_page_shows_a_diff_after_a_second_version(as_user, seller_owner, agent_ah, appeal):
    reviewer = as_user(agent_ah)
    response = reviewer.post(
        reverse("console-appeal-request-info", args=[appeal.pk]),
        {"text": "Which carrier do you use now?"},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.INFO_REQUESTED
    seller = as_user(seller_owner)
    page = seller.get(reverse("appeal", args=[appeal.pk])).content.decode()
    assert "Which carrier do you use now?" in page
    assert 'name="ev-defect_orders-0-attachment"' in page  # the form carries the file
    evidence = AppealEvidence.objects.get()
    revised = {
        **_form(),
        "corrective_actions": PLAN["corrective_actions"] + "\nWe now ship with UPS Ground.",
        "ev-defect_orders-rows": "2",
        "ev-defect_orders-0-attachment": str(evidence.attachment_id),
        "ev-defect_orders-0-date": date.today().isoformat(),
    }
    response = seller.post(reverse("appeal-revise", args=[appeal.pk]), revised)
    assert response.status_code == 302, response.content.decode()[:3000]
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.IN_REVIEW and appeal.versions.count() == 2

    page = reviewer.get(reverse("console-appeal", args=[appeal.pk])).content.decode()
    assert '<span class="added">+ We now ship with UPS Ground.</span>' in page
    assert "550" in page  # the health history
    assert reverse("console-case", args=[appeal.case.number]) in page
    assert "迟发率上升的原因" not in page  # the seller's own draft stays theirs
    first = reviewer.get(reverse("console-appeal", args=[appeal.pk]), {"v": 1}).content.decode()
    assert "UPS Ground" not in first


def test_reject_needs_a_reason(as_user, agent_ah, appeal):
    url = reverse("console-appeal-reject", args=[appeal.pk])
    response = as_user(agent_ah).post(url, {"text": "no"}, follow=True)
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.IN_REVIEW
    response = as_user(agent_ah).post(url, {"reasons": ["evidence_insufficient"], "text": "no"})
    appeal.refresh_from_db()
    assert response.status_code == 302 and appeal.status == Appeal.Status.REJECTED


def test_accept_lifts_the_cause(as_user, seller_owner, agent_ah, appeal):
    response = as_user(agent_ah).post(
        reverse("console-appeal-accept", args=[appeal.pk]), {"text": "Thank you."}
    )
    assert response.status_code == 302
    cause = AccountCause.objects.get(pk=appeal.cause_id)
    assert cause.lifted_at is not None
    page = as_user(seller_owner).get(reverse("health-status", args=["A1SELLER"])).content.decode()
    assert f'id="cause-{cause.pk}"' not in page
    assert reverse("appeal-new", args=[cause.pk]) not in page
    mine = as_user(seller_owner).get(reverse("appeal", args=[appeal.pk])).content.decode()
    assert "Thank you." in mine


def test_workspace_panel_lists_the_sellers_appeals(as_user, agent_ah, appeal):
    page = as_user(agent_ah).get(reverse("case-seller-panel", args=[appeal.case.number]))
    assert reverse("console-appeal", args=[appeal.pk]) in page.content.decode()


# --- self-service steps (a cause the automated review opened) -------------------------------


def test_reading_step_is_recorded_then_the_appeal_goes_to_review(
    as_user, seller_owner, cause, guide_articles
):
    cause.kind = AccountCause.Kind.REVIEW
    cause.save(update_fields=["kind"])
    client = as_user(seller_owner)
    assert _submit(client, cause).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.status == Appeal.Status.SELF_SERVICE
    page = client.get(reverse("appeal", args=[appeal.pk])).content.decode()
    read = reverse("appeal-read", args=[appeal.pk, "plan-of-action"])
    assert read in page and "如何撰写行动计划" in page
    assert client.get(read).status_code == 405  # recording is a POST
    response = client.post(read)
    assert response.status_code == 302
    assert response["Location"] == reverse("kb-article", args=[guide_articles["zh-hans"].pk])
    # The guide's other article has no published page here, so it is no step: the appeal
    # goes to review once the one that exists was opened.
    appeal.refresh_from_db()
    assert set(appeal.readings) == {"plan-of-action"}
    assert appeal.status == Appeal.Status.IN_REVIEW and appeal.case is not None


def test_live_check_of_a_new_version(as_user, seller_owner, agent_ah, appeal):
    as_user(agent_ah).post(
        reverse("console-appeal-request-info", args=[appeal.pk]), {"text": "More, please."}
    )
    plan = {**PLAN, "preventive_measures": ""}
    response = as_user(seller_owner).post(reverse("appeal-check", args=[appeal.pk]), _form(plan))
    assert 'data-code="missing_section"' in response.content.decode()
    assert appeal.versions.count() == 1


def test_queue_reads_a_fixed_number_of_statements(
    as_user, seller_owner, agent_ah, cause, django_assert_max_num_queries
):
    client = as_user(seller_owner)
    for reason in ("health_score_critical", "late_shipment_rate_beyond_target"):
        other = AccountCause.objects.create(
            seller=cause.seller,
            kind=AccountCause.Kind.RESTRICTION,
            reason_code=reason,
            since=cause.since,
            detail={"score": 500, "threshold": 600},
        )
        assert _submit(client, other).status_code == 302
    assert _submit(client, cause).status_code == 302
    reviewer = as_user(agent_ah)
    url = reverse("console-appeals")
    reviewer.get(url)  # warm the session and the caches
    with django_assert_max_num_queries(12):
        page = reviewer.get(url).content.decode()
    rows = [reverse("console-appeal", args=[a.pk]) for a in Appeal.objects.all()]
    assert len(rows) == 3 and all(f'href="{row}"' in page for row in rows)
