"""The plan-of-action quality check: each rule fires in English and in Chinese, and stays quiet
on the sentences a good plan is made of (both directions), findings come in a stable order
naming their sentence, and evidence windows hold at their boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import translation
from django.utils.functional import Promise
from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.appeals.quality import (
    SECTIONS,
    Draft,
    Evidence,
    Finding,
    Requirement,
    blocks,
    check,
    sentences,
)

TODAY = date(2026, 11, 10)

GOOD_EN = Draft(
    root_cause=(
        "Our late shipment rate rose to 6.2% between 2026-10-20 and 2026-11-02. "
        "Our warehouse had only one packing shift during the holiday peak, so 37 orders "
        "such as 113-1234567-1234567 left after their handling time."
    ),
    corrective_actions=(
        "We have shipped all 37 pending orders and refunded the 12 buyers whose orders arrived "
        "late. We switched to a carrier with better on-time rates. We added a second packing "
        "shift on 11/03."
    ),
    preventive_measures=(
        "To prevent this from happening again:\n"
        "- The warehouse manager checks the pending order queue every morning.\n"
        "- Our QA team audits 20 random shipments weekly.\n"
        "- Before every listing goes live, the listing specialist confirms the handling time."
    ),
)
GOOD_ZH = Draft(
    root_cause=(
        "2026年10月20日至11月2日，我们的迟发率上升到6.2%，原因是旺季期间仓库只有一个打包班次。"
    ),
    corrective_actions=(
        "我们已经发出全部37个待发订单，并为12位延迟收货的买家办理了退款。我们已更换物流商。"
        "11月3日起增加了第二个打包班次。"
    ),
    preventive_measures=(
        "为防止再次发生，我们采取以下措施：\n"
        "1、仓库主管每天早上检查待发订单。\n"
        "2、质检团队每周抽查20个包裹。\n"
        "3、每个新listing上架前，由运营专员负责核对处理时间。"
    ),
)
INVOICES = Requirement("invoices", "Supplier invoices", max_age_days=365, needs_supplier=True)
LETTER = Requirement("authorisation_letter", "Authorisation letter")
INVOICE = Evidence(
    "invoices",
    "invoice-2026-09.pdf",
    document_date=date(2026, 9, 1),
    supplier_name="Shenzhen Huaxin Trading Co., Ltd.",
    supplier_address="88 Keyuan Road, Nanshan, Shenzhen",
)


def _run(draft: Draft, **kwargs) -> list[Finding]:
    return check(draft, today=kwargs.pop("today", TODAY), **kwargs)


def _rows(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.section, f.code, f.sentence) for f in findings]


def _with(draft: Draft, section: str, text: str) -> Draft:
    return replace(draft, **{section: text})


def _hits(findings: list[Finding], code: str) -> list[str]:
    return [f.sentence for f in findings if f.code == code]


# --- good plans -------------------------------------------------------------------------------


@pytest.mark.parametrize("draft", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_a_good_plan_has_no_findings(draft):
    findings = _run(
        draft,
        requirements=[INVOICES, LETTER],
        evidence=[INVOICE, Evidence("authorisation_letter", "letter.pdf")],
        template_texts=["We apologise for the inconvenience caused to our valued customers."],
        rejected_drafts=[Draft("x" * 40, "y" * 40, "z" * 40)],
    )
    assert findings == []
    assert not blocks(findings)


# --- missing sections -------------------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize(
    ("text", "sentence"),
    [("", ""), ("  \n\t ", ""), ("Late orders.", "Late orders."), (" 发货太慢。 ", "发货太慢。")],
)
def test_an_empty_or_too_short_section_blocks(section, text, sentence):
    findings = _run(_with(GOOD_EN, section, text))
    assert _rows(findings) == [(section, "missing_section", sentence)]
    assert findings[0].blocking
    assert blocks(findings)


@pytest.mark.parametrize(
    ("text", "missing"),
    [("a" * 19, True), ("a" * 20, False), ("发" * 9, True), ("发" * 10, False)],
)
def test_the_minimum_counts_a_chinese_character_as_two_letters(text, missing):
    draft = _with(GOOD_EN, "corrective_actions", text + " refunded")
    codes = [f.code for f in _run(draft, min_section_chars=28)]
    assert ("missing_section" in codes) is missing


# --- root cause -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Our shipping was slow during the holidays because we were too busy.",
        "旺季期间我们的发货速度太慢，因为仓库人手不足。",
    ],
    ids=["en", "zh"],
)
def test_a_root_cause_naming_nothing_checkable_is_not_specific(text):
    findings = _run(_with(GOOD_EN, "root_cause", text))
    assert _rows(findings) == [("root_cause", "root_cause_not_specific", sentences(text)[0])]
    assert not blocks(findings)


@pytest.mark.parametrize(
    "detail",
    [
        "order 113-1234567-1234567",
        "ASIN B0ABCD1234",
        "ISBN 0306406152",
        "2026-11-02",
        "11/02",
        "Nov 2",
        "November 2, 2026",
        "the late shipment rate",
        "the valid tracking rate",
        "our ODR",
        "the cancellation rate",
        "4.5 % of orders",
        "2026年11月2日",
        "11月2日",
        "迟发率",
        "有效追踪率",
        "订单缺陷率",
        "取消率",
        "百分之五的订单",
    ],
)
def test_a_root_cause_naming_an_order_asin_date_or_metric_is_specific(detail):
    text = f"Our shipping was slow because we were too busy ({detail})."
    assert _run(_with(GOOD_EN, "root_cause", text)) == []


# --- corrective actions -----------------------------------------------------------------------

DONE_EN = "We refunded all 12 affected buyers on 11/03."
DONE_ZH = "我们已为12位受影响的买家全额退款。"


@pytest.mark.parametrize(
    "vague",
    [
        "We will try to ship faster.",
        "We will pay more attention to the handling time.",
        "We plan to improve our packaging.",
        "We must do better with packing.",
        "我们会尽量加快发货速度。",
        "我们将加强管理。",
        "我们会努力提高发货效率。",
        "以后会注意包装质量。",
    ],
)
def test_an_intention_among_corrective_actions_is_vague(vague):
    for done in (DONE_EN, DONE_ZH):
        findings = _run(_with(GOOD_EN, "corrective_actions", f"{done}\n{vague}"))
        assert _rows(findings) == [("corrective_actions", "vague_action", vague)]


@pytest.mark.parametrize(
    "done",
    [
        "We replaced the single-wall boxes with double-wall cartons to improve packaging.",
        "We have retrained all four packers on the new checklist.",
        "我们已将包装改进为双层纸箱。",
        "我们注意到37个订单超时，已全部发出。",
        "仓库检查了全部库存并下架了3个ASIN。",
        "We contacted every buyer to try to resolve the complaint.",
        "我们已联系每位买家，尽快解决投诉。",
    ],
)
def test_a_completed_action_is_not_vague_even_with_its_purpose(done):
    assert _run(_with(GOOD_EN, "corrective_actions", done)) == []


@pytest.mark.parametrize(
    "plans",
    [
        "Packing mistakes must never happen again. We want every order to arrive on time.",
        "我们非常重视这次迟发问题。我们的目标是每一个订单都按时发货。",
    ],
    ids=["en", "zh"],
)
def test_corrective_actions_with_nothing_completed(plans):
    findings = _run(_with(GOOD_EN, "corrective_actions", plans))
    assert _rows(findings) == [
        ("corrective_actions", "no_completed_action", sentences(plans)[0]),
    ]


@pytest.mark.parametrize(
    "planned",
    [
        "All affected listings will be reviewed and corrected by our team next week.",
        "The refunds shall be issued once the returns arrive.",
        "We are going to have all listings checked.",
        "我们将在12月20日前完成所有库存的检查。",
        "我们会在下周下架这些商品。",
        "我们计划下周完成退款。",
    ],
)
def test_a_completed_verb_in_a_future_is_a_plan(planned):
    """A past participle or 完成 after will / 将 is no action taken: on its own the section has
    nothing completed, next to a completed action the sentence is vague."""
    findings = _run(_with(GOOD_EN, "corrective_actions", planned))
    assert _rows(findings) == [
        ("corrective_actions", "no_completed_action", planned),
        ("corrective_actions", "vague_action", planned),
    ]
    for done in (DONE_EN, DONE_ZH):
        findings = _run(_with(GOOD_EN, "corrective_actions", f"{done}\n{planned}"))
        assert _rows(findings) == [("corrective_actions", "vague_action", planned)]


@pytest.mark.parametrize(
    "denied",
    [
        "We have not yet removed the listings. We have not contacted the buyers.",
        "We haven't refunded the buyers. The listings were never corrected.",
        "The replacements are yet to be shipped.",
        "我们尚未下架这些商品。我们还没有联系买家。",
        "退款没有完成，商品也未下架。",
    ],
)
def test_a_negated_completed_verb_is_nothing_done(denied):
    findings = _run(_with(GOOD_EN, "corrective_actions", denied))
    assert _rows(findings) == [
        ("corrective_actions", "no_completed_action", sentences(denied)[0]),
    ]


@pytest.mark.parametrize(
    "done",
    [
        "We have removed the 3 listings.",
        "We refunded the buyers and will keep monitoring the queue.",
        "We did not wait for the returns, we refunded all 12 buyers on 11/03.",
        "We not only removed the listings but also refunded the buyers.",
        "我们已下架受影响的3个ASIN。",
        "我们已经更换了物流商。",
        "未发货的订单已全部发出。",
        "我们没有等待退货，已为全部买家退款。",
    ],
)
def test_a_completed_action_with_a_plan_or_negation_elsewhere_still_counts(done):
    assert _run(_with(GOOD_EN, "corrective_actions", done)) == []


def test_trying_without_a_completed_action_is_vague():
    for vague in ("We try to ship within one day.", "We'll try to answer buyers faster."):
        findings = _run(_with(GOOD_EN, "corrective_actions", f"{DONE_EN}\n{vague}"))
        assert _rows(findings) == [("corrective_actions", "vague_action", vague)]


def test_plans_only_are_both_vague_and_not_completed():
    text = "We will try to ship faster. 我们会尽量按时发货，争取不再出现迟发。"
    assert _rows(_run(_with(GOOD_EN, "corrective_actions", text))) == [
        ("corrective_actions", "no_completed_action", "We will try to ship faster."),
        ("corrective_actions", "vague_action", "We will try to ship faster."),
        ("corrective_actions", "vague_action", "我们会尽量按时发货，争取不再出现迟发。"),
    ]


# --- preventive measures ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "codes"),
    [
        ("We check the order queue carefully.", ["no_owner", "no_frequency"]),
        ("The warehouse manager checks the order queue carefully.", ["no_frequency"]),
        ("We check the order queue every morning.", ["no_owner"]),
        ("Orders are checked regularly by staff.", ["no_frequency"]),
        ("我们会认真检查所有待发订单。", ["no_owner", "no_frequency"]),
        ("由仓库主管负责检查订单。", ["no_frequency"]),
        ("我们定期检查所有待发订单。", ["no_owner", "no_frequency"]),
        ("我们每天检查所有待发订单。", ["no_owner"]),
    ],
)
def test_a_measure_names_its_owner_and_frequency(measure, codes):
    findings = _run(_with(GOOD_EN, "preventive_measures", measure))
    assert _rows(findings) == [("preventive_measures", code, measure) for code in codes]


@pytest.mark.parametrize(
    "measure",
    [
        "The compliance officer reviews each new listing.",
        "Mr. Wang is responsible for checking every shipment.",
        "Our logistics team compares carrier scans twice a week.",
        "客服主管每周检查一次买家消息。",
        "质检团队定期（每月）抽查库存。",
        "每批货入库前由采购专员核对发票。",
    ],
)
def test_a_measure_with_owner_and_frequency_passes(measure):
    assert _run(_with(GOOD_EN, "preventive_measures", measure)) == []


@pytest.mark.parametrize(
    "measure",
    [
        "The warehouse manager checks the pending orders every Wednesday.",
        "The warehouse manager checks the pending orders on Wednesdays.",
        "The store manager audits the listings every Saturday and every Tuesday.",
        "The warehouse manager checks the pending orders every two weeks.",
        "The warehouse manager checks the pending orders every 2 weeks.",
        "The warehouse manager checks the pending orders twice a week.",
        "The warehouse manager checks the pending orders three times a week.",
        "The warehouse manager checks the pending orders each business day.",
        "仓库主管每个工作日检查待发订单。",
        "质检员每个包裹出库前核对标签。",
        "仓库主管每两周盘点一次库存。",
    ],
)
def test_a_period_named_any_common_way_is_a_frequency(measure):
    assert _run(_with(GOOD_EN, "preventive_measures", measure)) == []


def test_bullets_are_the_measures_and_the_introduction_is_not_one():
    text = (
        "We have put the following measures in place:\n"
        "* The store manager audits listings monthly.\n"
        "* We check labels.\n"
        "（3）仓库主管负责检查包装。"
    )
    assert _rows(_run(_with(GOOD_EN, "preventive_measures", text))) == [
        ("preventive_measures", "no_owner", "We check labels."),
        ("preventive_measures", "no_frequency", "We check labels."),
        ("preventive_measures", "no_frequency", "仓库主管负责检查包装。"),
    ]


# --- blaming others ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "blame",
    [
        "The buyer lied about the condition of the item.",
        "The customer abused the return policy.",
        "Orders were late due to the carrier's delay.",
        "UPS lost two of the packages.",
        "USPS delayed the parcels.",
        "The suspension was Amazon's mistake.",
        "This is a marketplace error.",
        "It was not our fault.",
        "买家恶意退货。",
        "买家故意给差评。",
        "迟发是物流商的原因。",
        "快递公司延误了十天。",
        "这是平台误判。",
        "这是亚马逊的错。",
        "这不是我们的责任。",
    ],
)
@pytest.mark.parametrize("section", SECTIONS)
def test_blaming_the_buyer_carrier_or_marketplace_is_found_in_any_section(blame, section):
    draft = _with(GOOD_EN, section, getattr(GOOD_EN, section) + "\n" + blame)
    assert _rows(_run(draft)) == [(section, "blames_others", blame)]


@pytest.mark.parametrize(
    "fine",
    [
        "We switched to a carrier with better on-time rates.",
        "We refunded the buyer and apologised to the customer.",
        "We contacted the carrier and the buyer on 11/03.",
        "We moved the orders from the marketplace to our own warehouse.",
        "我们已更换物流商。",
        "我们已联系买家并全额退款。",
        "我们已向平台提交了发票。",
    ],
)
def test_naming_a_buyer_carrier_or_marketplace_is_not_blame(fine):
    draft = _with(GOOD_EN, "corrective_actions", GOOD_EN.corrective_actions + " " + fine)
    assert _run(draft) == []


@pytest.mark.parametrize(
    "own",
    [
        "我司自发货的物流延误导致37个订单迟发。",
        "我们自己安排的物流延误了三天。",
        "Our staff had set up the shipping template on the platform incorrectly.",
        "We listed the items on Amazon incorrectly, without the safety warnings.",
    ],
)
@pytest.mark.parametrize("section", SECTIONS)
def test_the_sellers_own_logistics_or_mistake_on_the_platform_is_not_blame(own, section):
    draft = _with(GOOD_EN, section, getattr(GOOD_EN, section) + "\n" + own)
    assert "blames_others" not in [f.code for f in _run(draft)]


@pytest.mark.parametrize(
    "blame",
    [
        "Amazon wrongly suspended our account.",
        "The platform mistakenly flagged the listing.",
        "It was the marketplace's fault.",
        "我们认为是物流商的原因。",
        "我们的订单因物流商延误而迟到。",
    ],
)
def test_the_marketplace_or_carrier_at_fault_is_still_blame(blame):
    draft = _with(GOOD_EN, "root_cause", GOOD_EN.root_cause + "\n" + blame)
    assert _rows(_run(draft)) == [("root_cause", "blames_others", blame)]


@pytest.mark.parametrize(
    "contingency",
    [
        "If the carrier lost a parcel, the warehouse manager reships it every time.",
        "如果快递丢件，仓库主管每次都当天补发。",
    ],
)
def test_a_contingency_in_a_measure_is_not_blame(contingency):
    assert _run(_with(GOOD_EN, "preventive_measures", contingency)) == []


# --- copies -----------------------------------------------------------------------------------

TEMPLATE = (
    "Dear Seller Performance Team,\n"
    "We take full responsibility for the late shipments and sincerely apologise.\n"
    "我们对迟发问题承担全部责任，并深表歉意。\n"
    "Thank you."
)


@pytest.mark.parametrize(
    "copied",
    [
        "we take FULL responsibility for the late   shipments, and sincerely apologise!",
        "ＷＥ ＴＡＫＥ ＦＵＬＬ ＲＥＳＰＯＮＳＩＢＩＬＩＴＹ"
        " for the late shipments and sincerely apologise",
        "我们对迟发问题承担全部责任, 并深表歉意.",
    ],
)
def test_a_sentence_from_a_template_is_found_whatever_its_case_spacing_or_width(copied):
    draft = _with(GOOD_EN, "root_cause", GOOD_EN.root_cause + " " + copied)
    assert _rows(_run(draft, template_texts=[TEMPLATE])) == [
        ("root_cause", "copied_template", copied)
    ]


@pytest.mark.parametrize(
    "own",
    [
        "Thank you.",
        "We take full responsibility for the 37 late orders of October.",
        "我们对10月的37个迟发订单承担全部责任。",
    ],
)
def test_own_sentences_and_short_courtesies_are_not_copies(own):
    draft = _with(GOOD_EN, "root_cause", GOOD_EN.root_cause + " " + own)
    assert _run(draft, template_texts=[TEMPLATE]) == []


@pytest.mark.parametrize("good", [GOOD_EN, GOOD_ZH], ids=["en", "zh"])
def test_a_section_near_identical_to_a_rejected_draft(good):
    other = GOOD_ZH if good is GOOD_EN else GOOD_EN
    rejected = replace(other, root_cause=good.root_cause.replace("6.2", "6.3"))
    findings = _run(good, rejected_drafts=[Draft("", "", ""), rejected])
    first = sentences(good.root_cause)[0]
    assert _rows(findings) == [("root_cause", "copied_rejected", first)]
    assert _run(replace(good, root_cause=other.root_cause), rejected_drafts=[rejected]) == []


def test_the_copy_ratio_is_a_parameter():
    changed = Draft("", GOOD_EN.corrective_actions[:-40] + "on 11/04.", "")
    assert _run(GOOD_EN, rejected_drafts=[changed], copy_ratio=0.99) == []
    assert _rows(_run(GOOD_EN, rejected_drafts=[changed], copy_ratio=0.7)) == [
        ("corrective_actions", "copied_rejected", sentences(GOOD_EN.corrective_actions)[0])
    ]


_WORDS = (
    "we checked the pending order queue and refunded buyers whose parcels arrived late after "
    "the carrier scan so our warehouse added a packing shift on "
    "我们 已 检查 全部 订单 并 为 买家 退款 仓库 增加 打包 班次"
)


def _long_section(seed: int, chars: int = 20_000) -> str:
    """A plausible, varied section of about ``chars`` characters, mixing English and Chinese."""
    words = _WORDS.split()
    out, n = [], seed
    while sum(len(s) + 1 for s in out) < chars:
        n = (n * 1103515245 + 12345) % 2**31
        out.append(" ".join(words[(n >> k) % len(words)] for k in range(0, 24, 2)) + ".")
    return " ".join(out)[:chars]


@pytest.mark.parametrize("section", SECTIONS)
def test_a_long_section_against_a_long_rejected_one(section):
    """20,000 characters against 20,000: a copy is found and a different text is not, at once
    (the measure is linear; the character-by-character similarity took seconds here)."""
    mine, theirs = _long_section(1), _long_section(2)
    assert len(mine) == len(theirs) == 20_000
    draft = _with(GOOD_EN, section, mine)
    rejected = Draft("", "", "")
    codes = [f.code for f in _run(draft, rejected_drafts=[_with(rejected, section, theirs)])]
    assert "copied_rejected" not in codes
    codes = [f.code for f in _run(draft, rejected_drafts=[_with(rejected, section, mine)])]
    assert "copied_rejected" in codes


@pytest.mark.parametrize(
    ("mine", "theirs", "copied"),
    [
        # The same sentences in another order are still the same section.
        (
            DONE_EN + " " + DONE_ZH + " We replaced all 37 cartons.",
            "We replaced all 37 cartons. " + DONE_ZH + " " + DONE_EN,
            True,
        ),
        # A figure changed leaves the rest of its sentence copied.
        (
            "我们已为受影响的12位买家全额退款，并下架了3个ASIN。",
            "我们已为受影响的13位买家全额退款，并下架了3个ASIN。",
            True,
        ),
        # A section only partly kept: the first sentence kept, the rest rewritten.
        (
            DONE_EN + " We have retrained all four packers on the new checklist.",
            DONE_EN + " The packers were told about the checklist.",
            False,
        ),
        ("我们已为12位受影响的买家全额退款。", "我们已经给受到影响的十二位买家退了全款。", False),
    ],
)
def test_a_section_is_copied_when_nearly_all_its_words_are_kept(mine, theirs, copied):
    draft = _with(GOOD_EN, "corrective_actions", mine)
    rejected = Draft("", theirs, "")
    codes = [f.code for f in _run(draft, rejected_drafts=[rejected])]
    assert ("copied_rejected" in codes) is copied


# --- evidence ---------------------------------------------------------------------------------


def _evidence(*items: Evidence, requirements=(INVOICES, LETTER)) -> list[Finding]:
    return _run(GOOD_EN, requirements=requirements, evidence=items)


def test_a_required_document_not_attached_blocks():
    findings = _evidence(INVOICE)
    assert findings == [
        Finding(
            "evidence",
            "evidence_missing",
            True,
            "Authorisation letter",
            findings[0].message,
            "authorisation_letter",
        )
    ]
    assert blocks(findings)
    optional = replace(LETTER, required=False)
    assert _evidence(INVOICE, requirements=[INVOICES, optional]) == []


@pytest.mark.parametrize(
    ("age_days", "english"),
    [
        (0, None),
        (365, None),
        (
            366,
            "This document is dated 2025-11-09, more than 365 days ago: attach one dated "
            "2025-11-10 or later.",
        ),
        (
            -1,
            "This document is dated 2026-11-11, which is in the future: enter the date printed "
            "on it.",
        ),
    ],
)
def test_the_document_date_window_holds_at_its_boundaries(age_days, english):
    item = replace(INVOICE, document_date=TODAY - timedelta(days=age_days))
    findings = _evidence(item, Evidence("authorisation_letter", "letter.pdf"))
    if english is None:
        assert findings == []
        return
    assert _rows(findings) == [("evidence", "evidence_out_of_window", "invoice-2026-09.pdf")]
    assert findings[0].requirement == "invoices" and not findings[0].blocking
    with translation.override("en"):
        assert str(findings[0].message) == english


def test_a_missing_document_date_is_out_of_window_only_where_a_window_applies():
    undated = replace(INVOICE, document_date=None)
    findings = _evidence(undated, Evidence("authorisation_letter", "letter.pdf"))
    assert _rows(findings) == [("evidence", "evidence_out_of_window", "invoice-2026-09.pdf")]
    with translation.override("en"):
        assert "365 days" in str(findings[0].message)
    assert _evidence(INVOICE, Evidence("authorisation_letter", "letter.pdf", None)) == []


@pytest.mark.parametrize(
    ("name", "address", "missing"),
    [
        ("", "88 Keyuan Road", ["supplier_name"]),
        ("Huaxin", "  ", ["supplier_address"]),
        ("", "", ["supplier_name", "supplier_address"]),
        ("深圳华信贸易有限公司", "深圳市南山区科苑路88号", []),
    ],
)
def test_an_invoice_names_its_supplier_and_address(name, address, missing):
    item = replace(INVOICE, supplier_name=name, supplier_address=address)
    findings = _evidence(item, requirements=[INVOICES])
    assert _rows(findings) == [
        ("evidence", "evidence_supplier_missing", "invoice-2026-09.pdf") for _ in missing
    ]
    with translation.override("en"):
        words = {"supplier_name": "name", "supplier_address": "address"}
        assert [words[m] in str(f.message) for m, f in zip(missing, findings, strict=True)] == [
            True
        ] * len(missing)
    no_supplier_needed = replace(INVOICES, needs_supplier=False)
    assert _evidence(item, requirements=[no_supplier_needed]) == []


# --- order and blocking -----------------------------------------------------------------------


def test_findings_come_by_section_then_evidence_then_position():
    draft = Draft(
        root_cause="The buyer lied. We were too busy in the peak season to pack in time.",
        corrective_actions="",
        preventive_measures=(
            "- The manager checks orders.\n- 我们每天检查。\n- 买家恶意投诉，我们会注意。"
        ),
    )
    findings = _run(draft, requirements=[LETTER], evidence=[])
    assert _rows(findings) == [
        ("root_cause", "root_cause_not_specific", "The buyer lied."),
        ("root_cause", "blames_others", "The buyer lied."),
        ("corrective_actions", "missing_section", ""),
        ("preventive_measures", "no_frequency", "The manager checks orders."),
        ("preventive_measures", "no_owner", "我们每天检查。"),
        ("preventive_measures", "no_owner", "买家恶意投诉，我们会注意。"),
        ("preventive_measures", "no_frequency", "买家恶意投诉，我们会注意。"),
        ("preventive_measures", "blames_others", "买家恶意投诉，我们会注意。"),
        ("evidence", "evidence_missing", "Authorisation letter"),
    ]
    assert [f.blocking for f in findings].count(True) == 2
    assert all(isinstance(f.message, Promise) for f in findings)


def test_blocks_only_on_a_blocking_finding():
    warning = Finding("root_cause", "blames_others", False, "x", "fix")
    blocking = Finding("evidence", "evidence_missing", True, "Invoices", "fix", "invoices")
    assert not blocks([])
    assert not blocks([warning])
    assert blocks(iter([warning, blocking]))


# --- the splitter -----------------------------------------------------------------------------


def test_sentences_of_mixed_text():
    text = (
        "Our ODR was 4.5% (e.g. order 113-1234567-1234567). We shipped late!Really? Yes; twice.\n"
        "- 1. First point\n"
        "2) Second point\n"
        "（3）我们已更换物流商。买家已收到退款！问题解决了吗？是的；\n"
        "4、Mr. Li of the U.S. team checked Amazon.com... Then we refunded.\n"
        "\n"
        "•   \n"
        "5.5 units were lost"
    )
    assert sentences(text) == [
        "Our ODR was 4.5% (e.g. order 113-1234567-1234567).",
        "We shipped late!",
        "Really?",
        "Yes;",
        "twice.",
        "First point",
        "Second point",
        "我们已更换物流商。",
        "买家已收到退款！",
        "问题解决了吗？",
        "是的；",
        "Mr. Li of the U.S. team checked Amazon.com...",
        "Then we refunded.",
        "5.5 units were lost",
    ]


def test_a_dot_typed_without_a_space_still_ends_a_sentence():
    assert sentences("We refunded.We replaced the boxes.") == [
        "We refunded.",
        "We replaced the boxes.",
    ]


@given(st.text(alphabet=st.sampled_from("ab 1.。!?;；\n-•（）)、e.g发货")))
def test_every_sentence_is_a_stripped_piece_of_the_text(text):
    for sentence in sentences(text):
        assert sentence in text
        assert sentence == sentence.strip() and sentence
        assert "\n" not in sentence
