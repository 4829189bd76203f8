"""Demo macros for each team, a personal one and saved views, made through the services.
Idempotent: a macro or view that exists by name is left as it is."""

from __future__ import annotations

from sellerdesk.accounts.models import Team, User

from . import saved_views, services
from .models import Macro, SavedView

# team code → [(name, English, Chinese, action, close reason)]
TEAM_MACROS = {
    "seller-support": [
        (
            "Acknowledge and set expectations",
            "Hello {seller_name},\n\nThank you for contacting Seller Support about case "
            "{case_number}. We are looking into it and will reply by {first_response_due}.",
            "{seller_name}，您好：\n\n感谢您就案例 {case_number} 联系卖家支持。我们正在处理，"
            "将在 {first_response_due} 之前答复您。",
            "none",
            "",
        ),
        (
            "Ask for the order details",
            "Hello {seller_name},\n\nTo continue with case {case_number}, please send the order "
            "ID, the carrier's tracking number and a screenshot of the order page.",
            "{seller_name}，您好：\n\n为继续处理案例 {case_number}，请提供订单编号、承运商物流"
            "单号以及订单页面截图。",
            "request_info",
            "",
        ),
        (
            "Resolved: buyer refunded",
            "Hello {seller_name},\n\nThe buyer was refunded and the order defect was removed "
            "from your account. We are closing case {case_number}.",
            "{seller_name}，您好：\n\n买家已获退款，订单缺陷已从您的账户中移除。案例 "
            "{case_number} 现已解决。",
            "resolve",
            "resolved",
        ),
    ],
    "account-health": [
        (
            "Ask for a plan of action",
            "Hello {seller_name},\n\nPlease send a plan of action for case {case_number}: the "
            "root cause, what you have done, and what you will do to prevent it.",
            "{seller_name}，您好：\n\n请为案例 {case_number} 提交行动计划：根本原因、已采取的"
            "措施以及防止再次发生的措施。",
            "request_info",
            "",
        ),
        (
            "Account reinstated",
            "Hello {seller_name},\n\nYour account was reinstated after our review of case "
            "{case_number}. Thank you for your plan of action.",
            "{seller_name}，您好：\n\n经审核案例 {case_number}，您的账户已恢复。感谢您提交的"
            "行动计划。",
            "resolve",
            "resolved",
        ),
    ],
    "fba": [
        (
            "Ask for the shipment proof",
            "Hello {seller_name},\n\nFor case {case_number}, please send the shipment ID and "
            "the proof of delivery to the fulfilment centre.",
            "{seller_name}，您好：\n\n关于案例 {case_number}，请提供货件编号及送达运营中心的"
            "签收证明。",
            "request_info",
            "",
        ),
    ],
    "advertising": [
        (
            "Campaign under review",
            "Hello {seller_name},\n\nOur advertising specialists are reviewing the campaign "
            "in case {case_number}; expect an answer by {first_response_due}.",
            "{seller_name}，您好：\n\n广告专员正在审核案例 {case_number} 中的广告活动，预计在 "
            "{first_response_due} 之前答复。",
            "none",
            "",
        ),
    ],
    "account-management": [
        (
            "Consultation scheduled",
            "Hello {seller_name},\n\nYour account manager will call you about case "
            "{case_number}. Reply with two times that suit you.",
            "{seller_name}，您好：\n\n您的客户经理将就案例 {case_number} 与您通话。请回复两个"
            "方便的时间。",
            "none",
            "",
        ),
    ],
}
# (name, query, team code or None for the Seller Support agent's own)
SAVED_VIEWS = [
    (
        "Unassigned, due soonest",
        "filtered=1&status=new&status=open&assignee=none",
        "seller-support",
    ),
    ("Escalated (lead queue)", "escalated=yes", "seller-support"),
    ("My open cases", "filtered=1&status=open&status=awaiting_seller&assignee=me", None),
]
PERSONAL_MACRO = (
    "Note: checked with the carrier",
    "Checked with the carrier for case {case_number}: the parcel shows as delivered.",
    "已就案例 {case_number} 联系承运商：包裹显示已送达。",
    "note",
    "",
)


def load(users: dict[str, User]) -> None:
    operator = users["operator"]
    for team_code, rows in TEAM_MACROS.items():
        team = Team.objects.get(code=team_code)
        for name, body_en, body_zh, action, close_reason in rows:
            if not Macro.objects.filter(team=team, name=name).exists():
                services.macro_save(
                    actor=operator,
                    name=name,
                    body_en=body_en,
                    body_zh=body_zh,
                    team=team,
                    action=action,
                    close_reason=close_reason,
                )
    agent = users["agent_seller_support"]
    name, body_en, body_zh, action, close_reason = PERSONAL_MACRO
    if not Macro.objects.filter(owner=agent, name=name).exists():
        services.macro_save(actor=agent, name=name, body_en=body_en, body_zh=body_zh, action=action)
    for name, query, team_code in SAVED_VIEWS:
        team = Team.objects.get(code=team_code) if team_code else None
        exists = SavedView.objects.filter(name=name)
        exists = exists.filter(team=team) if team else exists.filter(owner=agent)
        if not exists.exists():
            saved_views.saved_view_save(
                actor=operator if team else agent, name=name, query=query, team=team
            )
