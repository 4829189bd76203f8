"""Telling sellers about their health: an immediate alert when a metric crosses its target or
is forecast to within the horizon (written in the evaluation's transaction), and the weekly
digest on Monday 09:00 in each member's own time zone (an hourly sweep).

Each member chooses per kind and channel (NotificationPreference): ``health.metric_alert``,
``health.forecast_alert``, ``health.weekly_digest``, ``health.enforcement``,
``health.cause_lifted``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller, SellerMembership, User
from sellerdesk.notifications.services import notify

from . import advice, digest
from .models import HealthSettings, HealthSnapshot
from .selectors import active_causes, seller_members, snapshot_before

KINDS = (
    "health.metric_alert",
    "health.forecast_alert",
    "health.weekly_digest",
    "health.enforcement",
    "health.cause_lifted",
)


def health_link(seller: Seller) -> str:
    return f"/health/{seller.code}"


def metric_words(row: dict) -> dict:
    """A stored metric (or forecast) with the words a notice shows."""
    return {
        **row,
        "label": advice.metric_label(row["metric"]),
        "rate_text": advice.percent(row.get("rate")),
        "target_text": advice.percent(row.get("target")),
        "advice": advice.label(advice.METRIC_ADVICE, row["metric"]),
    }


def _beyond_keys(metrics: list[dict]) -> set[tuple[str, str]]:
    return {(m["marketplace"], m["metric"]) for m in metrics if m.get("beyond")}


def evaluation_alerts(
    *,
    seller: Seller,
    snapshot: HealthSnapshot,
    previous: HealthSnapshot | None,
    now: datetime,
) -> int:
    """Alerts for one evaluation: metrics that crossed their target since the previous
    evaluation, and the forecasts made today. Returns how many notices were queued."""
    before = _beyond_keys(previous.metrics) if previous else set()
    crossed = [
        metric_words(m)
        for m in snapshot.metrics
        if m.get("beyond") and (m["marketplace"], m["metric"]) not in before
    ]
    if not crossed and not snapshot.forecasts:
        return 0
    members = seller_members(seller)
    queued = 0
    common = {
        "seller": seller,
        "score": snapshot.score,
        "band": snapshot.band,
        "band_label": advice.label(advice.BAND_LABELS, snapshot.band),
        "as_of": snapshot.as_of,
    }
    if crossed:
        queued += len(
            notify(
                recipients=members,
                kind="health.metric_alert",
                context={**common, "metrics": crossed},
                link=health_link(seller),
                dedupe_key=f"health.metric_alert:{seller.pk}:{snapshot.as_of.isoformat()}",
                now=now,
            )
        )
    if snapshot.forecasts:
        week = "{}-W{:02d}".format(*snapshot.as_of.isocalendar()[:2])
        keys = ",".join(sorted(f"{f['marketplace']}/{f['metric']}" for f in snapshot.forecasts))
        queued += len(
            notify(
                recipients=members,
                kind="health.forecast_alert",
                context={**common, "forecasts": [metric_words(f) for f in snapshot.forecasts]},
                link=health_link(seller),
                # The same forecasts are announced once a week, not every day they persist.
                dedupe_key=f"health.forecast_alert:{seller.pk}:{week}:{keys}"[:200],
                now=now,
            )
        )
    return queued


def digest_context(seller: Seller, snapshot: HealthSnapshot) -> dict:
    last_week = snapshot_before(seller, snapshot.as_of, days=7)
    beyond = [metric_words(m) for m in snapshot.metrics if m.get("beyond")]
    causes = active_causes(seller)
    return {
        "seller": seller,
        "snapshot": snapshot,
        "score": snapshot.score,
        "band_label": advice.label(advice.BAND_LABELS, snapshot.band),
        "change": (snapshot.score - last_week.score) if last_week else None,
        "beyond": beyond,
        "forecasts": [metric_words(f) for f in snapshot.forecasts],
        "causes": [
            {
                "kind_label": advice.label(advice.CAUSE_KIND_LABELS, c.kind),
                "reason_label": advice.label(advice.REASON_LABELS, c.reason_code),
                "marketplace": c.marketplace,
            }
            for c in causes
        ],
        "violations_open": sum(v.get("open", 0) for v in (snapshot.violations or {}).values()),
    }


def digests_send(*, now: datetime | None = None) -> int:
    """Send the weekly digest to every seller member whose local time is now in the digest hour
    (Monday 09:xx by default) and who has not had this week's. Idempotent: the dedupe key names
    the member's local ISO week, so running twice in the hour sends nothing twice. Returns how
    many notices were queued."""
    now = now or timezone.now()
    conf = HealthSettings.current()
    zones = (
        User.objects.filter(is_active=True, seller_memberships__isnull=False)
        .values_list("time_zone", flat=True)
        .distinct()
    )
    due = digest.due_time_zones(now, zones, weekday=conf.digest_weekday, hour=conf.digest_hour)
    if not due:
        return 0
    by_seller: dict[int, list[User]] = defaultdict(list)
    memberships = SellerMembership.objects.filter(
        user__time_zone__in=due, user__is_active=True
    ).select_related("user")
    for membership in memberships:
        by_seller[membership.seller_id].append(membership.user)
    queued = 0
    for seller in Seller.objects.filter(pk__in=list(by_seller)).order_by("pk"):
        snapshot = HealthSnapshot.objects.filter(seller=seller).order_by("-as_of").first()
        if snapshot is None:
            continue  # nothing measured yet: no digest rather than an empty one
        context = digest_context(seller, snapshot)
        with transaction.atomic():
            for user in by_seller[seller.pk]:
                week = digest.week_key(now, user.time_zone)
                queued += len(
                    notify(
                        recipients=[user],
                        kind="health.weekly_digest",
                        context=context,
                        link=health_link(seller),
                        dedupe_key=f"health.digest:{seller.pk}:{week}",
                        now=now,
                    )
                )
    return queued
