"""Writers for support restrictions (the rule itself is cases/abuse.py). Every decision is
audited: the system's, with the rule that fired, and an operator's lift, with the reason."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, TooManyRequests, ValidationFailed

from . import abuse
from .models import Case, SupportRestriction


def rule() -> abuse.AbuseRule:
    return abuse.AbuseRule.from_settings(settings.SELLERDESK)


def restriction_active(seller: Seller, now: datetime | None = None) -> SupportRestriction | None:
    now = now or timezone.now()
    return (
        SupportRestriction.objects.filter(
            seller=seller, lifted_at__isnull=True, starts_at__lte=now, ends_at__gt=now
        )
        .order_by("-ends_at")
        .first()
    )


def abuse_evaluate(*, seller: Seller, now: datetime | None = None) -> SupportRestriction | None:
    """After a bad close: restrict the seller when the rule says so and no restriction is
    running. Runs inside the caller's transaction; the seller row is locked so two closes at
    once restrict once."""
    now = now or timezone.now()
    r = rule()
    Seller.objects.select_for_update().filter(pk=seller.pk).first()
    if restriction_active(seller, now) is not None:
        return None
    closed = Case.objects.filter(
        seller=seller,
        close_reason__in=abuse.BAD_REASONS,
        resolved_at__gte=abuse.window_start(now, r),
        resolved_at__lte=now,
    ).values_list("resolved_at", flat=True)
    closed = list(closed)
    if not abuse.should_restrict(closed, now, r):
        return None
    restriction = SupportRestriction.objects.create(
        seller=seller,
        rule=r.name,
        counted=abuse.bad_closes_in_window(closed, now, r),
        starts_at=now,
        ends_at=abuse.restriction_end(now, r),
    )
    audit_record(
        actor=None,
        rule=r.name,
        action="seller.support_restricted",
        obj=restriction,
        after={
            "seller": seller.code,
            "counted": restriction.counted,
            "ends_at": restriction.ends_at,
            "daily_cap": r.daily_cap,
            "target_percent": r.target_percent,
        },
        at=now,
    )
    return restriction


@transaction.atomic
def restriction_lift(
    *, actor: User, restriction: SupportRestriction, reason: str, now: datetime | None = None
) -> SupportRestriction:
    now = now or timezone.now()
    if not actor.is_operator:
        raise Forbidden("Only operators can lift a support restriction.")
    if not (reason or "").strip():
        raise ValidationFailed(
            "Say why the restriction is lifted.", [FieldError("reason", "required", "")]
        )
    restriction = SupportRestriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.lifted_at is not None:
        raise Conflict("This restriction was already lifted.")
    restriction.lifted_at, restriction.lifted_by = now, actor
    restriction.lift_reason = reason.strip()
    restriction.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit_record(
        actor=actor,
        action="seller.support_restriction_lifted",
        obj=restriction,
        before={"lifted_at": None},
        after={"lifted_at": now, "reason": restriction.lift_reason},
        at=now,
    )
    return restriction


def daily_cap_check(*, seller: Seller, now: datetime) -> SupportRestriction | None:
    """Refuse (429) a new case beyond the daily cap while the seller is restricted; returns
    the running restriction (or None) so the caller can slow the new case's targets."""
    restriction = restriction_active(seller, now)
    if restriction is None:
        return None
    r = rule()
    created = Case.objects.filter(
        seller=seller, created_at__gt=now - abuse.DAY, created_at__lte=now
    ).values_list("created_at", flat=True)
    retry_after = abuse.cap_retry_after(list(created), now, r)
    if retry_after is not None:
        raise TooManyRequests(
            f"Support access is limited until {restriction.ends_at:%Y-%m-%d %H:%M} UTC after "
            f"{restriction.counted} cases were closed as invalid, duplicate or spam: at most "
            f"{r.daily_cap} new cases a day.",
            [FieldError("case", "daily_cap", f"at most {r.daily_cap} new cases a day")],
            extra={"retry_after": retry_after, "restricted_until": restriction.ends_at},
        )
    return restriction
