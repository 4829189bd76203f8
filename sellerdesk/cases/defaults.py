"""Default teams and case types, loaded once by a data migration; operators edit them in the
admin afterwards. First-response hours are the seed's: account deactivation 24 h, FBA
inventory 48 h, routine order fulfilment 72 h; other types 48 h; resolution 5 days."""

DEFAULT_TEAMS = [
    # code, English name, Chinese name
    ("seller-support", "Seller Support", "卖家支持"),
    ("account-health", "Account Health", "账户健康"),
    ("advertising", "Advertising Support", "广告支持"),
    ("fba", "Fulfilment (FBA) Support", "物流（FBA）支持"),
    ("account-management", "Account Management", "客户经理"),
]

DEFAULT_CASE_TYPES = [
    # code, English name, Chinese name, team, required fields, first-response h, resolution h
    ("account-deactivation", "Account deactivation", "账户停用", "account-health", [], 24, 120),
    ("policy-violation", "Policy violation", "政策违规", "account-health", [], 48, 120),
    ("identity-verification", "Identity verification", "身份验证", "account-health", [], 48, 120),
    ("fba-inventory", "FBA inventory problem", "FBA 库存问题", "fba", [], 48, 120),
    ("fba-shipment", "FBA shipment problem", "FBA 货件问题", "fba", ["shipment_id"], 48, 120),
    ("order-fulfilment", "Order fulfilment", "订单配送", "seller-support", ["order_id"], 72, 120),
    ("listing-problem", "Listing problem", "商品详情问题", "seller-support", ["asin"], 48, 120),
    ("payments", "Payments and disbursement", "付款与结算", "seller-support", [], 48, 120),
    ("advertising", "Advertising", "广告", "advertising", [], 48, 120),
    (
        "premium-consultation",
        "Premium consultation",
        "高级支持咨询",
        "account-management",
        [],
        48,
        120,
    ),
]
