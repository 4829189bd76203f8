"""Words for the codes account health stores (metrics, bands, violation kinds, restrictions,
reasons) and what a seller can do about each, translated here so the pages, the API's notices
and the emails say the same thing. Anything unknown falls back to the stored code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

METRIC_LABELS = {
    "order_defect_rate_afn": _("Order defect rate (fulfilled by the marketplace)"),
    "order_defect_rate_mfn": _("Order defect rate (fulfilled by you)"),
    "late_shipment_rate_10d": _("Late shipment rate (10 days)"),
    "late_shipment_rate_30d": _("Late shipment rate (30 days)"),
    "pre_fulfilment_cancel_rate": _("Pre-fulfilment cancel rate"),
    "valid_tracking_rate": _("Valid tracking rate"),
    "on_time_delivery_rate": _("On-time delivery rate"),
}

METRIC_ADVICE = {
    "order_defect_rate_afn": _(
        "Answer buyer messages within 24 hours, check listings for wrong descriptions, and "
        "respond to every A-to-z claim and chargeback with evidence."
    ),
    "order_defect_rate_mfn": _(
        "Ship on time with tracking, answer buyers within 24 hours, and respond to every "
        "A-to-z claim and chargeback with evidence."
    ),
    "late_shipment_rate_10d": _(
        "Confirm shipment before the ship-by date; lengthen your handling time if your "
        "warehouse cannot keep up."
    ),
    "late_shipment_rate_30d": _(
        "Confirm shipment before the ship-by date; lengthen your handling time if your "
        "warehouse cannot keep up."
    ),
    "pre_fulfilment_cancel_rate": _(
        "Keep inventory counts in sync so you do not sell what you do not have; cancel only "
        "when the buyer asks."
    ),
    "valid_tracking_rate": _(
        "Upload a tracking number from a supported carrier for every merchant-fulfilled order."
    ),
    "on_time_delivery_rate": _(
        "Use faster shipping services or set delivery promises your carrier can keep."
    ),
}

BAND_LABELS = {
    "healthy": _("Healthy"),
    "at_risk": _("At risk"),
    "critical": _("Critical"),
}

VIOLATION_KIND_LABELS = {
    "ip_complaint": _("Intellectual-property complaint"),
    "authenticity": _("Product authenticity complaint"),
    "condition": _("Product condition complaint"),
    "safety": _("Product safety complaint"),
    "listing_policy": _("Listing policy violation"),
    "restricted_product": _("Restricted product violation"),
    "other": _("Other policy violation"),
}

VIOLATION_ADVICE = {
    "ip_complaint": _(
        "Remove the listing or obtain an authorisation letter from the rights owner, then "
        "keep the proof."
    ),
    "authenticity": _("Keep supplier invoices that prove where the goods came from."),
    "condition": _("Check how items are graded and packed before they ship."),
    "safety": _("Provide the product's safety certificates and test reports."),
    "listing_policy": _("Correct the listing so it follows the listing policies."),
    "restricted_product": _("Remove the product or apply for approval in its category."),
    "other": _("Read the notice and correct what it names."),
}

SEVERITY_LABELS = {
    "low": _("Low"),
    "medium": _("Medium"),
    "high": _("High"),
    "critical": _("Critical"),
}

CAUSE_KIND_LABELS = {
    "review": _("Automated review"),
    "restriction": _("Restriction"),
    "deactivation": _("Deactivation"),
}

RESTRICTION_LABELS = {
    "mfn_offers_suspended": _("Merchant-fulfilled offers suspended"),
    "selling_privileges_removed": _("Selling privileges removed"),
}

REASON_LABELS = {
    "health_score_below_threshold": _("Account health score below the review threshold"),
    "health_score_critical": _("Account health score critical for too long"),
    "late_shipment_rate_beyond_target": _("Late shipment rate beyond target"),
    "valid_tracking_rate_beyond_target": _("Valid tracking rate beyond target"),
    "critical_policy_violation": _("Critical policy violation"),
}


def label(table: dict, code: str):
    """The word for ``code``: a lazy translation, so a notice built once and rendered for
    each recipient reads in each recipient's language."""
    return table.get(code, code)


def metric_label(code: str):
    return label(METRIC_LABELS, code)


def percent(rate: float | None) -> str:
    """A rate as the pages show it: 0.0412 → "4.12 %"."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text} %"


ALERT_LABELS = {
    "health.metric_alert": _("A metric misses its target"),
    "health.forecast_alert": _("A metric is heading past its target"),
    "health.weekly_digest": _("Weekly account health digest"),
    "health.enforcement": _("Review, restriction or deactivation of the account"),
    "health.cause_lifted": _("A review, restriction or deactivation is lifted"),
}

ALERT_HELP = {
    "health.metric_alert": _("Sent right after the daily evaluation that finds it."),
    "health.forecast_alert": _(
        "When the trend of recent days reaches the target within 14 days; at most once a week."
    ),
    "health.weekly_digest": _("Monday 09:00 in your time zone: score, changes, what to do."),
    "health.enforcement": _("We recommend keeping this one on."),
    "health.cause_lifted": _("When the Account Health team lifts an action."),
}
