"""Account health in the web UI: the Account Health page (score, band, metrics against their
targets, trend, causes and what to do), the Account Status page (cause, the notice as a PDF,
how to appeal), a staff overview, and each member's alert settings. Thin: find what the
person may see, shape it for the template, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from sellerdesk.accounts.selectors import sellers_for
from sellerdesk.lib.views import seller_only, signed_in
from sellerdesk.notifications.models import NotificationPreference
from sellerdesk.notifications.services import notification_preference_set

from . import advice, charts, defaults, notice_pdf, selectors
from .alerts import KINDS
from .models import HealthSettings

ALERT_KIND_LABELS = {
    "health.metric_alert": advice.label(advice.ALERT_LABELS, "health.metric_alert"),
    "health.forecast_alert": advice.label(advice.ALERT_LABELS, "health.forecast_alert"),
    "health.weekly_digest": advice.label(advice.ALERT_LABELS, "health.weekly_digest"),
    "health.enforcement": advice.label(advice.ALERT_LABELS, "health.enforcement"),
    "health.cause_lifted": advice.label(advice.ALERT_LABELS, "health.cause_lifted"),
}


@signed_in
def overview(request):
    """Sellers go straight to their account's page; staff get the list, lowest score first."""
    user = request.user
    if user.is_seller:
        own = list(sellers_for(user).order_by("code")[:2])
        if len(own) == 1:
            return redirect("health", code=own[0].code)
        sellers = selectors.sellers_overview(codes=[s.code for s in sellers_for(user)])
        return render(request, "health/overview.html", {"sellers": sellers, "staff": False})
    query = request.GET.get("q", "").strip()[:100]
    band = request.GET.get("band", "")
    band = band if band in advice.BAND_LABELS else ""
    sellers = selectors.sellers_overview(query=query, band=band)
    return render(
        request,
        "health/overview.html",
        {"sellers": sellers, "staff": True, "q": query, "band": band, "bands": advice.BAND_LABELS},
    )


def _metric_rows(snapshot) -> list[dict]:
    """The snapshot's metrics by marketplace, each with its words and what to do."""
    order = {name: i for i, name in enumerate(defaults.METRICS)}
    by_site: dict[str, list[dict]] = {}
    for row in snapshot.metrics if snapshot else []:
        by_site.setdefault(row["marketplace"], []).append(
            {
                **row,
                "label": advice.metric_label(row["metric"]),
                "rate_text": advice.percent(row["rate"]),
                "target_text": advice.percent(row["target"]),
                "advice": advice.label(advice.METRIC_ADVICE, row["metric"]),
            }
        )
    return [
        {"marketplace": site, "rows": sorted(rows, key=lambda r: order.get(r["metric"], 99))}
        for site, rows in sorted(by_site.items())
    ]


def _deduction_rows(snapshot) -> list[dict]:
    out = []
    for item in snapshot.deductions if snapshot else []:
        if item["source"] == "metric":
            what = advice.metric_label(item["code"])
            todo = advice.label(advice.METRIC_ADVICE, item["code"])
        else:
            what = advice.label(advice.VIOLATION_KIND_LABELS, item["code"])
            todo = advice.label(advice.VIOLATION_ADVICE, item["code"])
        out.append({**item, "label": what, "advice": todo})
    return out


def _open_appeal(cause):
    """The cause's open appeal, when its appeals were prefetched (``appeals``, the reverse
    relation the appeals app declares: health reads it by name and never imports it)."""
    cache = getattr(cause, "_prefetched_objects_cache", {})
    return next((a for a in cache.get("appeals", ()) if a.is_open), None)


def _cause_rows(causes, *, for_seller: bool) -> list[dict]:
    return [
        {
            "cause": cause,
            "open_appeal": _open_appeal(cause),
            "kind_label": advice.label(advice.CAUSE_KIND_LABELS, cause.kind),
            "reason_label": advice.label(advice.REASON_LABELS, cause.reason_code),
            "restrictions": [
                advice.label(advice.RESTRICTION_LABELS, r) for r in cause.restrictions
            ],
            "case_url": (
                (
                    f"/cases/{cause.case.number}"
                    if for_seller
                    else f"/console/cases/{cause.case.number}"
                )
                if cause.case_id and cause.case
                else ""
            ),
        }
        for cause in causes
    ]


@signed_in
def health_page(request, code: str):
    view = selectors.health_view_for(request.user, code)
    conf = HealthSettings.current()
    snapshot = view.snapshot
    points = selectors.trend(view.seller, until=snapshot.as_of) if snapshot else []
    chart = charts.score_chart(points, healthy_min=conf.healthy_min, at_risk_min=conf.at_risk_min)
    forecasts = [
        {
            **f,
            "label": advice.metric_label(f["metric"]),
            "target_text": advice.percent(f["target"]),
            "rate_text": advice.percent(f["rate"]),
        }
        for f in (snapshot.forecasts if snapshot else [])
    ]
    return render(
        request,
        "health/health.html",
        {
            "seller": view.seller,
            "snapshot": snapshot,
            "band_label": advice.label(advice.BAND_LABELS, snapshot.band) if snapshot else "",
            "conf": conf,
            "chart": chart,
            "sites": _metric_rows(snapshot),
            "deductions": _deduction_rows(snapshot),
            "forecasts": forecasts,
            "causes": _cause_rows(view.causes, for_seller=request.user.is_seller),
            "violations": selectors.violations_for(view.seller, limit=20),
            "kind_labels": advice.VIOLATION_KIND_LABELS,
            "severity_labels": advice.SEVERITY_LABELS,
        },
    )


@signed_in
def status_page(request, code: str):
    view = selectors.health_view_for(request.user, code, with_appeals=True)
    return render(
        request,
        "health/status.html",
        {
            "seller": view.seller,
            "snapshot": view.snapshot,
            "causes": _cause_rows(view.causes, for_seller=request.user.is_seller),
        },
    )


@signed_in
def notice(request, code: str, cause_id: int):
    """The notice of one active cause as a PDF the seller keeps with their appeal, in the
    seller's language and in English."""
    view = selectors.health_view_for(request.user, code)
    rows = [row for row in _cause_rows(view.causes, for_seller=True) if row["cause"].pk == cause_id]
    if not rows:
        raise Http404("No such cause.")
    languages = notice_pdf.notice_languages(selectors.seller_language(view.seller))
    body = notice_pdf.notice_pdf({"seller": view.seller, "row": rows[0]}, languages=languages)
    response = HttpResponse(body, content_type="application/pdf")
    filename = f"notice-{view.seller.code}-{cause_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in
def notice_html(request, code: str, cause_id: int):
    """The same notice as a page to print or save: the seller's language, then English."""
    view = selectors.health_view_for(request.user, code)
    rows = [row for row in _cause_rows(view.causes, for_seller=True) if row["cause"].pk == cause_id]
    if not rows:
        raise Http404("No such cause.")
    context = {"seller": view.seller, "row": rows[0]}
    parts = []
    for language in notice_pdf.notice_languages(selectors.seller_language(view.seller)):
        title, _, body = notice_pdf.notice_text(context, language).partition("\n")
        parts.append({"language": language, "title": title, "body": body.strip("\n")})
    response = render(
        request,
        "health/notice.html",
        {"seller": view.seller, "cause": rows[0]["cause"], "parts": parts},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@seller_only
def alert_settings(request):
    user = request.user
    saved = {p.kind: p for p in NotificationPreference.objects.filter(user=user, kind__in=KINDS)}
    if request.method == "POST":
        for kind in KINDS:
            notification_preference_set(
                user=user,
                kind=kind,
                email=request.POST.get(f"{kind}:email") == "on",
                in_app=request.POST.get(f"{kind}:in_app") == "on",
            )
        messages.success(request, gettext("Your alert settings were saved."))
        return redirect("health-alerts")
    rows = [
        {
            "kind": kind,
            "label": ALERT_KIND_LABELS[kind],
            "help": advice.label(advice.ALERT_HELP, kind),
            "email": saved[kind].email if kind in saved else True,
            "in_app": saved[kind].in_app if kind in saved else True,
        }
        for kind in KINDS
    ]
    return render(request, "health/alerts.html", {"rows": rows})
