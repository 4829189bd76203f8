"""Reads of account health: who may see which seller's health, the latest snapshot, active
causes and restrictions, the trend, and who hears about a seller's health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Q

from sellerdesk.accounts.models import Seller, SellerMembership, User
from sellerdesk.accounts.selectors import seller_get_for
from sellerdesk.sites.models import Site

from .models import AccountCause, HealthSnapshot, PolicyViolation

TREND_DAYS = 90


@dataclass(frozen=True)
class HealthView:
    seller: Seller
    snapshot: HealthSnapshot | None
    causes: list[AccountCause]


def seller_for_health(user: User, code: str) -> Seller:
    """A seller whose health the user may read (its members, support staff, operators);
    anyone else's is NotFound, never Forbidden."""
    return seller_get_for(user, code)


def latest_snapshot(seller: Seller, *, as_of: date | None = None) -> HealthSnapshot | None:
    qs = HealthSnapshot.objects.filter(seller=seller)
    if as_of is not None:
        qs = qs.filter(as_of__lte=as_of)
    return qs.order_by("-as_of").first()


def active_causes(seller: Seller, *, with_appeals: bool = False) -> list[AccountCause]:
    """With ``with_appeals`` each cause's appeals come along (the reverse relation
    ``appeals`` the appeals app declares, read by name: health never imports appeals)."""
    qs = AccountCause.objects.filter(seller=seller, lifted_at__isnull=True).select_related("case")
    if with_appeals:
        qs = qs.prefetch_related("appeals")
    return list(qs.order_by("since", "id"))


def active_restrictions_for(seller: Seller) -> list[dict]:
    """The restrictions in force, one entry per restriction of each active cause, for
    ``GET /sellers/{code}``: ``{kind, since, reason, marketplace}``."""
    out = []
    for cause in active_causes(seller):
        for restriction in cause.restrictions:
            out.append(
                {
                    "kind": restriction,
                    "since": cause.since.isoformat(),
                    "reason": cause.reason_code,
                    "marketplace": cause.marketplace,
                }
            )
    return out


def health_view_for(
    user: User, code: str, *, as_of: date | None = None, with_appeals: bool = False
) -> HealthView:
    seller = seller_for_health(user, code)
    return HealthView(
        seller,
        latest_snapshot(seller, as_of=as_of),
        active_causes(seller, with_appeals=with_appeals),
    )


def trend(seller: Seller, *, until: date | None = None, days: int = TREND_DAYS) -> list:
    """``(as_of, score)`` of the last ``days`` days of snapshots, oldest first."""
    qs = HealthSnapshot.objects.filter(seller=seller)
    if until is not None:
        qs = qs.filter(as_of__lte=until, as_of__gt=until - timedelta(days=days))
    rows = list(qs.order_by("-as_of").values_list("as_of", "score")[:days])
    return rows[::-1]


def snapshot_before(seller: Seller, as_of: date, *, days: int) -> HealthSnapshot | None:
    """The latest snapshot at least ``days`` before ``as_of`` (for "change since last week")."""
    return (
        HealthSnapshot.objects.filter(seller=seller, as_of__lte=as_of - timedelta(days=days))
        .order_by("-as_of")
        .first()
    )


def violations_for(seller: Seller, *, since: date | None = None, limit: int = 50):
    qs = PolicyViolation.objects.filter(seller=seller).select_related("site")
    if since is not None:
        qs = qs.filter(detected_at__date__gte=since)
    return list(qs.order_by("-detected_at", "-id")[:limit])


def seller_members(seller: Seller) -> list[User]:
    return list(
        User.objects.filter(seller_memberships__seller=seller, is_active=True).order_by("pk")
    )


def seller_language(seller: Seller) -> str:
    """The language the seller's owner reads (the system's cases are written in it)."""
    owner = (
        User.objects.filter(
            seller_memberships__seller=seller,
            seller_memberships__role=SellerMembership.Role.OWNER,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
    return owner.language if owner else "en"


def sellers_overview(
    *, query: str = "", band: str = "", codes: list[str] | None = None, limit: int = 50
) -> list[Seller]:
    """Sellers with their latest score and band (lowest score first; never evaluated last),
    filtered by a code or name fragment, a band, or a list of codes. The latest evaluation is
    kept on the seller row (``health_score``, ``health_band``, ``health_as_of``)."""
    qs = Seller.objects.all()
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(code__icontains=query) | Q(name__icontains=query))
    if band:
        qs = qs.filter(health_band=band)
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return list(qs.order_by(F("health_score").asc(nulls_last=True), "code")[:limit])


def site_for(seller: Seller, marketplace: str) -> Site | None:
    """The site a case about ``marketplace`` goes to: that one when the seller is active on
    it, else the seller's first active site ("" is the whole account)."""
    sites = seller.sites.filter(active=True).order_by("code")
    return (sites.filter(code=marketplace).first() if marketplace else None) or sites.first()
