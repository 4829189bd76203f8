"""The default metric definitions (docs: api.md, "Default metric definitions"). Seeded by a data
migration; from then on they are the operator's data."""

from __future__ import annotations

DEFAULT_METRICS: list[dict] = [
    {
        "code": "order_defect_rate_afn",
        "name_en": "Order defect rate (fulfilled by the marketplace)",
        "name_zh": "订单缺陷率（亚马逊配送）",
        "formula": "order_defect",
        "basis_en": "AFN orders by purchase date. A defect is negative feedback, an A-to-z claim "
        "whose outcome is not denied, or a service chargeback; one defect per order.",
        "basis_zh": "按购买日期统计的亚马逊配送订单。缺陷：差评、未被驳回的亚马逊商城交易保障索赔，"
        "或服务类信用卡拒付；每个订单最多计一次。",
        "window_days": 60,
        "lag_days": 0,
        "fulfilment_channel": "AFN",
        "target": "0.01",
        "target_condition": "lt",
    },
    {
        "code": "order_defect_rate_mfn",
        "name_en": "Order defect rate (fulfilled by the seller)",
        "name_zh": "订单缺陷率（卖家自配送）",
        "formula": "order_defect",
        "basis_en": "MFN orders by purchase date. A defect is negative feedback, an A-to-z claim "
        "whose outcome is not denied, or a service chargeback; one defect per order.",
        "basis_zh": "按购买日期统计的卖家自配送订单。缺陷：差评、未被驳回的亚马逊商城交易保障索赔，"
        "或服务类信用卡拒付；每个订单最多计一次。",
        "window_days": 60,
        "lag_days": 0,
        "fulfilment_channel": "MFN",
        "target": "0.01",
        "target_condition": "lt",
    },
    {
        "code": "late_shipment_rate_10d",
        "name_en": "Late shipment rate (10 days)",
        "name_zh": "迟发率（10 天）",
        "formula": "late_shipment",
        "basis_en": "MFN orders by ship-by date, not cancelled. Late: shipment confirmed after "
        "the ship-by date, or not confirmed and the ship-by date has passed.",
        "basis_zh": "按预计发货日期统计、未取消的卖家自配送订单。迟发：在预计发货日期之后确认发货，"
        "或预计发货日期已过仍未确认发货。",
        "window_days": 10,
        "lag_days": 0,
        "fulfilment_channel": "MFN",
        "target": "0.04",
        "target_condition": "lt",
    },
    {
        "code": "late_shipment_rate_30d",
        "name_en": "Late shipment rate (30 days)",
        "name_zh": "迟发率（30 天）",
        "formula": "late_shipment",
        "basis_en": "MFN orders by ship-by date, not cancelled. Late: shipment confirmed after "
        "the ship-by date, or not confirmed and the ship-by date has passed.",
        "basis_zh": "按预计发货日期统计、未取消的卖家自配送订单。迟发：在预计发货日期之后确认发货，"
        "或预计发货日期已过仍未确认发货。",
        "window_days": 30,
        "lag_days": 0,
        "fulfilment_channel": "MFN",
        "target": "0.04",
        "target_condition": "lt",
    },
    {
        "code": "pre_fulfilment_cancel_rate",
        "name_en": "Pre-fulfilment cancel rate",
        "name_zh": "配送前取消率",
        "formula": "pre_fulfilment_cancel",
        "basis_en": "MFN orders by purchase date. Counted: cancelled by the seller, or by the "
        "system because shipment was not confirmed. Buyer cancellations are not counted.",
        "basis_zh": "按购买日期统计的卖家自配送订单。计入：卖家取消，或因未确认发货被系统取消；"
        "买家取消不计入。",
        "window_days": 7,
        "lag_days": 0,
        "fulfilment_channel": "MFN",
        "target": "0.025",
        "target_condition": "lt",
    },
    {
        "code": "valid_tracking_rate",
        "name_en": "Valid tracking rate",
        "name_zh": "有效追踪率",
        "formula": "valid_tracking",
        "basis_en": "Shipped MFN orders by promised delivery date. Counted: the tracking ID is "
        "valid (the carrier has at least one scan).",
        "basis_zh": "按承诺送达日期统计的已发货卖家自配送订单。"
        "计入：追踪编码有效（承运人至少有一次扫描）。",
        "window_days": 30,
        "lag_days": 0,
        "fulfilment_channel": "MFN",
        "target": "0.95",
        "target_condition": "gt",
    },
    {
        "code": "on_time_delivery_rate",
        "name_en": "On-time delivery rate",
        "name_zh": "准时送达率",
        "formula": "on_time_delivery",
        "basis_en": "MFN orders with valid tracking whose promised delivery date falls in the 14 "
        "days from 21 to 7 days ago. Counted: delivered on or before the promised date.",
        "basis_zh": "承诺送达日期在 21 天前至 7 天前这 14 天内、追踪有效的卖家自配送订单。"
        "计入：在承诺日期当天或之前送达。",
        "window_days": 14,
        "lag_days": 7,
        "fulfilment_channel": "MFN",
        "target": "0.90",
        "target_condition": "gt",
    },
]
