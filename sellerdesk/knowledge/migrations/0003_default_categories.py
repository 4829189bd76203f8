"""The shelves of Seller University, from registration to brand protection. Operators edit
them in the admin afterwards."""

from django.db import migrations

CATEGORIES = [
    # code, English, Chinese, English description, Chinese description
    ("registration", "Registration and verification", "注册与身份验证",
     "Opening a seller account, identity and business verification.",
     "开店注册、身份与企业信息验证。"),
    ("listings", "Listings", "商品与详情页",
     "Creating listings, ASINs, suppressed and blocked listings.",
     "创建商品、ASIN、被抑制或被屏蔽的商品详情页。"),
    ("fulfilment", "Fulfilment and FBA", "配送与 FBA",
     "Shipping your own orders, FBA shipments and inventory.",
     "自配送订单、FBA 货件与库存。"),
    ("advertising", "Advertising", "广告",
     "Sponsored ads campaigns, budgets and billing.",
     "商品推广广告活动、预算与扣费。"),
    ("account-health", "Account health", "账户健康",
     "The account health score, performance metrics and policy compliance.",
     "账户健康评分、绩效指标与政策合规。"),
    ("appeals", "Appeals and plans of action", "申诉与行动计划",
     "Reinstating a restricted or deactivated account: writing a plan of action.",
     "账户受限或停用后的申诉：如何写行动计划（POA）。"),
    ("brand-protection", "Brand protection", "品牌保护",
     "Brand registry, intellectual property and counterfeit complaints.",
     "品牌备案、知识产权与假冒投诉。"),
    ("support", "Getting support", "获取支持",
     "Opening a case, what to attach, follow-up and escalation.",
     "如何开 Case、需要附上的材料、跟进与升级。"),
    ("programs", "Premium support and training", "高级支持与培训",
     "Premium support, account managers, training events.",
     "高级支持、客户经理与培训活动。"),
]  # fmt: skip


def load(apps, schema_editor):
    Category = apps.get_model("knowledge", "Category")
    for position, (code, name_en, name_zh, desc_en, desc_zh) in enumerate(CATEGORIES, 1):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh": name_zh,
                "description_en": desc_en,
                "description_zh": desc_zh,
                "position": position * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_search_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
