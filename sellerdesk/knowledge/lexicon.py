"""The words search knows about, in one place: jieba's domain dictionary, stop words in both
languages, stem aliases and query-time synonyms. Changing any of them needs
``sellerdesk kb reindex``. Pure data."""


def words(text: str) -> list[str]:
    return text.split()


# Domain words, so jieba keeps them whole (its search mode still emits their parts).
DOMAIN_WORDS = words(
    "账户健康 账户状况 绩效指标 订单缺陷率 缺陷率 迟发率 迟发 配送前取消率 取消率 有效追踪率 "
    "追踪率 准时交货率 准时送达率 行动计划 品牌备案 品牌保护 知识产权 卖家大学 高级支持 "
    "客户经理 可售库存 入库 货件 申诉 封号 停用 跨境 结算 身份验证 营业执照 订单号 工单 违规 "
    "侵权 移除订单 赔偿 库存 广告活动 商品详情页 二次验证 审核 绩效通知"
)
ZH_STOP = frozenset(
    words(
        "一个 与 为什么 也 了 什么 从 他 以及 会 但 你 到 及 可以 吗 吧 呢 和 哪些 哪里 啊 "
        "因为 在 她 如何 如果 它 对 就 并 怎么 怎么办 怎样 您 我 我们 或 所以 把 是 的 等 给 "
        "而 能 被 要 让 请问 还 这 这个 那 那个 都"
    )
)
EN_STOP = frozenset(
    words(
        "a an and are as at be been being but by can could did do does doing for from had has "
        "have how i if in into is it its me my no not of on or our ours should so such than "
        "that the their them then there these they this those to too very was we were what "
        "when where which who whom why will with would you your yours"
    )
)

# Porter2 keeps some derivations apart that sellers use interchangeably; fold them together.
STEM_ALIASES = {
    "shipment": "ship",
    "payment": "pay",
    "paid": "pay",
    "deliveri": "deliv",
    "verifi": "verif",
    "regist": "registr",
    "suspens": "suspend",
    "reimburs": "reimburs",
    "sold": "sell",
    "sale": "sell",
    "bought": "buy",
    "fulfill": "fulfil",
}

# Query-time alternatives: what sellers type for what articles say (both languages).
SYNONYMS = {
    "case": ("案例", "工单"),
    "案例": ("case", "工单"),
    "工单": ("case", "案例"),
    "poa": ("行动计划",),
    "行动计划": ("poa",),
    "封号": ("停用",),
    "停用": ("封号",),
    "deactiv": ("suspend",),
    "suspend": ("deactiv",),
    "fba": ("亚马逊物流",),
}
