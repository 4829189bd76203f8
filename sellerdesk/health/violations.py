"""Writers of policy violations: recorded from ``POST /api/v1/violations`` and
``sellerdesk violations add``, resolved later. Every invalid field is named at once; each write
is one transaction with its audit event."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.sites.models import Site

from .models import PolicyViolation

ASIN_RE = re.compile(r"^(B0[0-9A-Z]{8}|\d{9}[\dX])$")
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_REFERENCE = 200


def _require_operator(actor: User | None) -> None:
    if actor is not None and not actor.is_operator:
        raise Forbidden("Only operators and integrations can report policy violations.")


def _check_time(name: str, value, now: datetime, errors: list[FieldError]) -> None:
    if value is None:
        return
    if value.tzinfo is None:
        errors.append(FieldError(name, "invalid", f"{name} must include a time-zone offset"))
    elif value > now + FUTURE_TOLERANCE:
        errors.append(FieldError(name, "in_future", f"{name} must not be in the future"))


def violation_create(
    *,
    actor: User | None,
    seller_code: str,
    marketplace: str,
    kind: str,
    severity: str,
    detected_at: datetime,
    resolved_at: datetime | None = None,
    asin: str = "",
    reference: str = "",
    rule: str = "violations_import",
    now: datetime | None = None,
) -> PolicyViolation:
    """Record one policy-violation event. Every invalid field is named at once; a
    ``reference`` already recorded for the seller is a 409 naming the existing violation."""
    now = now or timezone.now()
    _require_operator(actor)
    errors: list[FieldError] = []
    seller = Seller.objects.filter(code=(seller_code or "").strip().upper()).first()
    if seller is None:
        errors.append(FieldError("seller_code", "unknown", f"unknown seller {seller_code!r}"))
    site = Site.objects.filter(code=(marketplace or "").strip().upper()).first()
    if site is None:
        errors.append(FieldError("marketplace", "unknown", f"unknown marketplace {marketplace!r}"))
    elif seller is not None and not seller.sites.filter(pk=site.pk).exists():
        errors.append(
            FieldError("marketplace", "not_enrolled", f"seller does not sell on {site.code}")
        )
    if kind not in PolicyViolation.Kind.values:
        errors.append(
            FieldError("kind", "invalid", f"kind must be one of {PolicyViolation.Kind.values}")
        )
    if severity not in PolicyViolation.Severity.values:
        errors.append(
            FieldError(
                "severity", "invalid", f"severity must be one of {PolicyViolation.Severity.values}"
            )
        )
    if detected_at is None:
        errors.append(FieldError("detected_at", "required", "detected_at is required"))
    _check_time("detected_at", detected_at, now, errors)
    _check_time("resolved_at", resolved_at, now, errors)
    if (
        resolved_at is not None
        and detected_at is not None
        and resolved_at.tzinfo is not None
        and detected_at.tzinfo is not None
        and resolved_at < detected_at
    ):
        errors.append(
            FieldError("resolved_at", "before_detected", "resolved_at is before detected_at")
        )
    asin = (asin or "").strip().upper()
    if asin and not ASIN_RE.match(asin):
        errors.append(FieldError("asin", "invalid", "10 characters: B0… or an ISBN-10"))
    reference = (reference or "").strip()
    if len(reference) > MAX_REFERENCE:
        errors.append(FieldError("reference", "too_long", f"at most {MAX_REFERENCE} characters"))
    if errors:
        raise ValidationFailed("The policy violation is invalid.", errors)
    assert seller is not None and site is not None
    if reference:
        existing = PolicyViolation.objects.filter(seller=seller, reference=reference).first()
        if existing is not None:
            raise _duplicate(existing)
    try:
        with transaction.atomic():
            violation = PolicyViolation.objects.create(
                seller=seller,
                site=site,
                kind=kind,
                severity=severity,
                detected_at=detected_at,
                resolved_at=resolved_at,
                asin=asin,
                reference=reference,
                created_at=now,
                created_by=actor,
            )
            audit_record(
                actor=actor,
                rule=None if actor else rule,
                action="health.violation_recorded",
                obj=violation,
                after={
                    "seller": seller.code,
                    "marketplace": site.code,
                    "kind": kind,
                    "severity": severity,
                    "detected_at": detected_at,
                    "resolved_at": resolved_at,
                    "asin": asin,
                    "reference": reference,
                },
                at=now,
            )
    except IntegrityError:
        # A concurrent report with the same reference committed first.
        existing = PolicyViolation.objects.filter(seller=seller, reference=reference).first()
        if existing is None:
            raise
        raise _duplicate(existing) from None
    return violation


def _duplicate(existing: PolicyViolation) -> Conflict:
    return Conflict(
        f"A violation with this reference is already recorded (id {existing.pk}).",
        [FieldError("reference", "duplicate", "already recorded for this seller")],
        extra={"existing_id": existing.pk},
    )


def violation_resolve(
    *,
    actor: User | None,
    violation: PolicyViolation,
    resolved_at: datetime | None = None,
    rule: str = "violations_import",
    now: datetime | None = None,
) -> PolicyViolation:
    """Mark a violation resolved; it then costs a fading share until it ages out."""
    now = now or timezone.now()
    _require_operator(actor)
    resolved_at = resolved_at or now
    errors: list[FieldError] = []
    _check_time("resolved_at", resolved_at, now, errors)
    if not errors and resolved_at < violation.detected_at:
        errors.append(
            FieldError("resolved_at", "before_detected", "resolved_at is before detected_at")
        )
    if errors:
        raise ValidationFailed("The resolution is invalid.", errors)
    with transaction.atomic():
        locked = PolicyViolation.objects.select_for_update().get(pk=violation.pk)
        if locked.resolved_at is not None:
            raise Conflict(
                "This violation is already resolved.",
                extra={"resolved_at": locked.resolved_at.isoformat()},
            )
        locked.resolved_at = resolved_at
        locked.save(update_fields=["resolved_at"])
        audit_record(
            actor=actor,
            rule=None if actor else rule,
            action="health.violation_resolved",
            obj=locked,
            before={"resolved_at": None},
            after={"resolved_at": resolved_at},
            at=now,
        )
    return locked
