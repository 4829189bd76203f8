"""Demo cases: about fifty cases of the demo sellers in every state, each opened in the past
and walked through a scenario (replies, requests for information with files, resolutions,
reopenings) through the services, so every step is audited as in production. Deterministic
(a fixed seed). The people come from ``sellerdesk/demo.py``."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from sellerdesk.accounts.models import Seller, User

from . import autoclose, creation
from . import services as cases
from .models import Case, CaseType

TEXTS = {
    "account-deactivation": [
        (
            "zh-hans",
            "账户被停用，请求说明原因",
            "今天收到账户停用通知，原因是绩效问题，请告知需要提交哪些材料。",
        ),
        (
            "en",
            "Account deactivated after IP complaint",
            "Our account was deactivated today citing an "
            "intellectual property complaint. We hold the brand licence and can provide it.",
        ),
    ],
    "policy-violation": [
        ("zh-hans", "收到商品安全政策违规警告", "一个ASIN因安全政策被下架，我们已有检测报告。"),
        (
            "en",
            "Restricted product warning on kitchen item",
            "We received a restricted product "
            "warning for a knife set; please confirm what documentation is needed.",
        ),
    ],
    "identity-verification": [
        ("zh-hans", "身份验证一直显示审核中", "法人身份证和营业执照已上传两周，状态仍为审核中。"),
        (
            "en",
            "Identity verification stuck in review",
            "We uploaded the business licence and the "
            "legal representative's ID two weeks ago; the status has not changed.",
        ),
    ],
    "fba-inventory": [
        ("zh-hans", "FBA 库存数量与实际入库不符", "货件已签收，但可售库存少了 120 件。"),
        (
            "en",
            "Inventory missing after receiving",
            "The shipment shows as received but 120 units are missing from available inventory.",
        ),
    ],
    "fba-shipment": [
        ("zh-hans", "货件卡在运输途中超过两周", "承运人显示已送达仓库，但货件状态仍为运输中。"),
        (
            "en",
            "Shipment stuck in transit",
            "The carrier shows delivered to the fulfilment centre "
            "but the shipment is still in transit in the system.",
        ),
    ],
    "order-fulfilment": [
        ("zh-hans", "买家称未收到货，物流显示已签收", "请协助核实此订单的配送情况。"),
        (
            "en",
            "Order shows shipped but buyer says not received",
            "Tracking shows delivered; the buyer says it never arrived. Please advise.",
        ),
    ],
    "listing-problem": [
        ("zh-hans", "商品详情页图片无法更新", "上传新主图后页面仍显示旧图片，已超过48小时。"),
        (
            "en",
            "Listing suppressed for missing attribute",
            "The listing was suppressed although all required attributes are filled in.",
        ),
    ],
    "payments": [
        ("zh-hans", "结算款项延迟到账", "本期结算款已超过预计日期五天仍未到账。"),
        (
            "en",
            "Disbursement on hold",
            "Our disbursement has been on hold for a week without an explanation.",
        ),
    ],
    "advertising": [
        ("zh-hans", "广告活动突然停止投放", "自动广告活动昨天起没有任何展示，预算充足。"),
        (
            "en",
            "Sponsored Products campaign not serving",
            "The campaign stopped serving impressions yesterday although budget remains.",
        ),
    ],
    "premium-consultation": [
        ("zh-hans", "咨询欧洲站扩展计划", "希望与客户经理讨论德国站和法国站的合规准备。"),
        (
            "en",
            "Planning expansion to the EU",
            "We would like to review compliance steps for DE and FR with our account manager.",
        ),
    ],
}

CASE_COUNT = 50


def _fields_for(case_type: CaseType, rng: random.Random) -> dict[str, str]:
    values = {
        "order_id": f"{rng.randint(100, 999)}-{rng.randint(0, 9999999):07d}-"
        f"{rng.randint(0, 9999999):07d}",
        "asin": "B0" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8)),
        "shipment_id": "FBA" + "".join(rng.choice("0123456789ABCDEFGHJKLMN") for _ in range(9)),
    }
    fields = {code: values[code] for code in case_type.required_fields if code in values}
    if "bank_details" in case_type.required_fields:
        fields["iban"] = "DE89370400440532013000"  # the standard example IBAN
    if "english_explanation" in case_type.required_fields:
        fields["english_explanation"] = DEMO_EXPLANATION
    return fields


DEMO_EXPLANATION = (
    "Our account was deactivated after late shipments rose during the holiday peak. We have "
    "moved to a second carrier, added a weekend warehouse shift and now confirm every order "
    "within one business day, and we check the account health page every week."
)
# A 1×1 PNG and a minimal PDF: identity-document and screenshot evidence for demo cases.
DEMO_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _files_for(case_type: CaseType, actor: User, seller) -> list[int]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sellerdesk.attachments.services import attachment_upload

    wanted = []
    if "id_documents" in case_type.required_fields:
        wanted += [
            ("id-front.png", DEMO_PNG, "id_front"),
            ("id-back.png", DEMO_PNG, "id_back"),
            ("business-licence.pdf", DEMO_PDF, "business_licence"),
        ]
    if "screenshot" in case_type.required_fields:
        wanted.append(("screenshot.png", DEMO_PNG, ""))
    return [
        attachment_upload(
            actor=actor, seller=seller, upload=SimpleUploadedFile(name, data), slot=slot
        ).pk
        for name, data, slot in wanted
    ]


def _reply_screenshot(actor: User, seller, at: datetime) -> int:
    """The screenshot a seller's reply to a request for information carries."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sellerdesk.attachments.services import attachment_upload

    upload = SimpleUploadedFile("screenshot-reply.png", DEMO_PNG)
    return attachment_upload(actor=actor, seller=seller, upload=upload, now=at).pk


def _staff_for(team_code: str, users: dict[str, User]) -> User:
    return {
        "seller-support": users["agent_seller_support"],
        "account-health": users["agent_account_health"],
        "fba": users["agent_fba"],
        "advertising": users["agent_advertising"],
        "account-management": users["account_manager"],
    }[team_code]


def _play_case(i: int, users: dict[str, User], rng: random.Random, now: datetime) -> None:
    """Open one case in the past and walk it through a scenario, each step at its own time."""
    # Only the types the demo has texts for (operators and other apps may add more).
    types = list(CaseType.objects.filter(active=True, code__in=TEXTS).select_related("team"))
    case_type = types[i % len(types)]
    seller_role = "seller_owner" if i % 10 < 7 else "seller2_owner"
    seller_user = users[seller_role]
    seller = seller_user.seller_memberships.get().seller
    site = rng.choice(sorted(seller.sites.values_list("code", flat=True)))
    language, subject, description = rng.choice(TEXTS[case_type.code])
    scenario = i % 6
    days_ago = rng.uniform(10, 25) if scenario == 5 else rng.uniform(0.05, 6)
    t = now - timedelta(days=days_ago)
    case, _ = creation.case_create(
        actor=seller_user,
        seller=seller,
        site=site,
        case_type=case_type.code,
        subject=subject,
        description=description,
        language=language,
        fields=_fields_for(case_type, rng),
        attachments=_files_for(case_type, seller_user, seller),
        # The demo replays a few texts many times on purpose.
        allow_duplicate=True,
        now=t,
    )
    if scenario == 0:
        return  # new, waiting for the team

    def step(hours: float) -> datetime:
        nonlocal t
        t = min(t + timedelta(hours=hours), now - timedelta(minutes=1))
        return t

    agent = _staff_for(case_type.team.code, users)
    zh = language == "zh-hans"
    cases.case_assign(actor=agent, case=case, assignee=agent, now=step(rng.uniform(0.5, 10)))
    if scenario in (2, 3):
        cases.case_message_add(
            actor=agent,
            case=case,
            request_info=True,
            body="请提供相关截图和订单编号。"
            if zh
            else "Please send screenshots and the order ID.",
            now=step(rng.uniform(0.2, 3)),
        )
        if scenario == 3:
            at = step(rng.uniform(1, 20))
            cases.case_message_add(
                actor=seller_user,
                case=case,
                body="截图已补充，请查看。" if zh else "Screenshots attached as requested.",
                attachments=[_reply_screenshot(seller_user, seller, at)],
                now=at,
            )
            cases.case_message_add(
                actor=agent,
                case=case,
                internal=True,
                body="Checked the carrier scan history; escalate to the lead if not settled.",
                now=step(rng.uniform(0.2, 2)),
            )
        return
    cases.case_message_add(
        actor=agent,
        case=case,
        body="我们已收到您的问题，正在调查。" if zh else "Thanks, we are looking into this now.",
        now=step(rng.uniform(0.2, 6)),
    )
    if scenario in (4, 5):
        cases.case_resolve(
            actor=agent,
            case=case,
            body="问题已解决，如仍有疑问请回复。"
            if zh
            else "This is fixed; reply if anything remains.",
            now=step(rng.uniform(2, 30)),
        )


# Business calendars (operator data, edited in the admin): working hours in a zone and the
# public holidays of a country, so the demo's deadlines skip nights, weekends and holidays.
# (name, team, site, time zone, hours by weekday (0 is Monday), holiday country, subdivision)
def load(users: dict[str, User], seller_codes) -> None:
    """About fifty cases of the demo sellers, once: none are made when they have cases."""
    demo_sellers = Seller.objects.filter(code__in=seller_codes)
    if Case.objects.filter(seller__in=demo_sellers).exists():
        return
    rng = random.Random(20241126)  # fixed seed: the same demo every time
    now = timezone.now()
    for i in range(CASE_COUNT):
        _play_case(i, users, rng, now)
    autoclose.cases_close_quiet(now=now)
