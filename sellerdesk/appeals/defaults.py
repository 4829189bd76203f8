"""The operator data an appeal starts with, loaded once by a data migration and edited in the
admin afterwards: what evidence each kind of cause needs (the seed's: invoices dated within a
year naming the supplier for authenticity complaints, an authorisation letter for brand
complaints, the orders behind the defects for metrics), which Seller University articles guide
the seller, and the reasons a reviewer can give for a rejection."""

APPEAL_CASE_TYPE = (
    # code, English name, Chinese name, team, first-response h, resolution h
    "account-appeal",
    "Appeal (plan of action)",
    "申诉（行动计划）",
    "account-health",
    24,
    120,
)

INVOICE_WINDOW_DAYS = 365

DEFAULT_REQUIREMENTS = [
    # cause kind, code, English, Chinese, English help, Chinese help, max age (days), supplier
    (
        "authenticity",
        "invoices",
        "Supplier invoices",
        "供应商发票",
        "Invoices for the units you sold, dated within the last 365 days, naming the supplier "
        "and their address.",
        "所售商品的采购发票，开具日期在最近 365 天内，并写明供应商名称和地址。",
        INVOICE_WINDOW_DAYS,
        True,
    ),
    (
        "ip_complaint",
        "authorisation_letter",
        "Authorisation letter from the rights owner",
        "权利人授权书",
        "A letter from the brand or rights owner allowing you to sell the product.",
        "品牌方或权利人出具的、允许您销售该商品的授权书。",
        None,
        False,
    ),
    (
        "metrics",
        "defect_orders",
        "The orders or shipments behind the defects",
        "造成缺陷的订单或货件",
        "A report of the orders or shipments that caused the defects, with their tracking.",
        "造成缺陷的订单或货件清单，附物流追踪信息。",
        None,
        False,
    ),
    (
        "health_score",
        "defect_orders",
        "The orders, shipments or complaints behind the deductions",
        "导致扣分的订单、货件或投诉",
        "For each deduction on your score page, the orders, shipments or complaint references "
        "behind it.",
        "针对分数页面上的每一项扣分，列出对应的订单、货件或投诉编号。",
        None,
        False,
    ),
]

DEFAULT_GUIDES = [
    # cause kind, article keys
    ("any", ["plan-of-action", "appeal-after-deactivation"]),
    ("metrics", ["plan-of-action", "late-shipment-rate", "valid-tracking-rate"]),
    ("health_score", ["plan-of-action", "account-health-score"]),
    ("authenticity", ["plan-of-action", "policy-violations"]),
    ("ip_complaint", ["plan-of-action", "brand-registry"]),
]

DEFAULT_REJECTION_REASONS = [
    ("root_cause_not_identified", "The root cause is not identified", "未找到问题根源"),
    ("actions_not_completed", "The corrective actions are not completed", "纠正措施尚未完成"),
    ("prevention_insufficient", "The preventive measures are not enough", "预防措施不足"),
    ("evidence_insufficient", "The evidence is missing or insufficient", "证据缺失或不足"),
    ("evidence_not_verifiable", "The evidence could not be verified", "证据无法核实"),
    ("other", "Another reason (see the message)", "其他原因（见说明）"),
]
