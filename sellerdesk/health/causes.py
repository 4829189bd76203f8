"""Writers of account causes (review, restriction, deactivation) and of the seller's status
that follows from them. A rule opens a cause as ``system:<rule>``; an operator lifts it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone, translation

from sellerdesk.accounts.models import Seller, User
from sellerdesk.audit.services import audit_record
from sellerdesk.cases.system import case_open_for_system
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.notifications.services import notify

from . import advice, enforcement
from .models import AccountCause, EnforcementRule, HealthSnapshot
from .selectors import seller_language, seller_members, site_for

MAX_REASON_LENGTH = 2000


def status_link(seller: Seller) -> str:
    return f"/health/{seller.code}/status"


def seller_status_sync(
    *,
    seller: Seller,
    band: str | None,
    actor: User | None = None,
    rule: str | None = None,
    now: datetime | None = None,
    locked: bool = False,
) -> str:
    """Set ``seller.status`` from its active causes and band; audited when it changes.
    ``locked``: the caller holds the seller row locked and fresh, so its status is current."""
    now = now or timezone.now()
    kinds = AccountCause.objects.filter(seller=seller, lifted_at__isnull=True).values_list(
        "kind", flat=True
    )
    status = enforcement.account_status(kinds, band)
    if locked:
        old = seller.status
    else:
        old = Seller.objects.filter(pk=seller.pk).values_list("status", flat=True).first()
    if status != old:
        Seller.objects.filter(pk=seller.pk).update(status=status)
        audit_record(
            actor=actor,
            rule=rule,
            action="seller.status_changed",
            obj=seller,
            before={"status": old},
            after={"status": status},
            at=now,
        )
    seller.status = status
    return status


def _case_text(rule: EnforcementRule, seller: Seller, snapshot: HealthSnapshot):
    language = seller_language(seller)
    with translation.override(language):
        name = rule.name_zh if language.startswith("zh") else rule.name_en
        subject = f"{name} · {seller.code}"
        lines = [
            str(advice.label(advice.REASON_LABELS, rule.reason_code)),
            translation.gettext("Account health score %(score)s (%(band)s) on %(date)s.")
            % {
                "score": snapshot.score,
                "band": advice.label(advice.BAND_LABELS, snapshot.band),
                "date": snapshot.as_of.isoformat(),
            },
        ]
        for item in snapshot.deductions[:10]:
            what = (
                advice.metric_label(item["code"])
                if item["source"] == "metric"
                else advice.label(advice.VIOLATION_KIND_LABELS, item["code"])
            )
            lines.append(f"- {what} ({item['marketplace']}): −{item['points']}")
    return language, subject, "\n".join(lines)


def cause_open(
    *,
    seller: Seller,
    rule: EnforcementRule,
    trigger: enforcement.Trigger,
    snapshot: HealthSnapshot,
    now: datetime,
) -> AccountCause | None:
    """Record that ``rule`` fired; open its case and tell the seller. None when the rule already
    has an active cause on that marketplace. Runs in the evaluation's transaction."""
    exists = AccountCause.objects.filter(
        seller=seller, rule_code=rule.code, marketplace=trigger.marketplace, lifted_at__isnull=True
    ).exists()
    if exists:
        return None
    cause = AccountCause.objects.create(
        seller=seller,
        marketplace=trigger.marketplace,
        kind=enforcement.CAUSE_KIND[rule.action],
        reason_code=rule.reason_code,
        rule=rule,
        rule_code=rule.code,
        restrictions=list(rule.restrictions or []),
        appealable=rule.appealable,
        since=now,
        detail={**trigger.detail, "as_of": snapshot.as_of.isoformat(), "score": snapshot.score},
    )
    site = site_for(seller, trigger.marketplace)
    if rule.case_type and site is not None:
        language, subject, description = _case_text(rule, seller, snapshot)
        cause.case = case_open_for_system(
            seller=seller,
            site=site,
            case_type=rule.case_type,
            subject=subject,
            description=description,
            language=language,
            rule=rule.code,
            now=now,
        )
        cause.save(update_fields=["case"])
    audit_record(
        actor=None,
        rule=rule.code,
        action="health.cause_opened",
        obj=cause,
        after={
            "seller": seller.code,
            "kind": cause.kind,
            "reason_code": cause.reason_code,
            "marketplace": cause.marketplace,
            "restrictions": cause.restrictions,
            "case": cause.case.number if cause.case else None,
            **trigger.detail,
        },
        at=now,
    )
    notify(
        recipients=seller_members(seller),
        kind="health.enforcement",
        context={"seller": seller, "cause": cause, **cause_words(cause)},
        link=status_link(seller),
        dedupe_key=f"health.enforcement:{cause.pk}",
        now=now,
    )
    return cause


def cause_words(cause: AccountCause) -> dict:
    """Labels of a cause for notices (evaluated in the recipient's language at render)."""
    return {
        "kind_label": advice.label(advice.CAUSE_KIND_LABELS, cause.kind),
        "reason_label": advice.label(advice.REASON_LABELS, cause.reason_code),
        "restriction_labels": [
            advice.label(advice.RESTRICTION_LABELS, r) for r in cause.restrictions
        ],
    }


def cause_lift(
    *,
    actor: User,
    cause: AccountCause,
    reason: str,
    appeal: int | None = None,
    now: datetime | None = None,
) -> AccountCause:
    """An operator reverses an automated action: the cause ends, the seller's status follows,
    the seller is told. The rule then needs a fresh run of evaluations to fire again.
    ``appeal``: an accepted appeal reinstates the seller; the appeal's service has checked
    that the actor reviews appeals, and tells the seller itself."""
    now = now or timezone.now()
    if appeal is None and not actor.is_operator:
        raise Forbidden("Only operators can lift a review, restriction or deactivation.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            "Say why the cause is lifted.", [FieldError("reason", "required", "reason is required")]
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed(
            "The reason is too long.",
            [FieldError("reason", "too_long", f"at most {MAX_REASON_LENGTH} characters")],
        )
    with transaction.atomic():
        seller = Seller.objects.select_for_update().get(pk=cause.seller_id)
        locked = AccountCause.objects.select_for_update().get(pk=cause.pk)
        if locked.lifted_at is not None:
            raise Conflict(
                "This cause was already lifted.",
                extra={"lifted_at": locked.lifted_at.isoformat()},
            )
        locked.lifted_at, locked.lifted_by, locked.lift_reason = now, actor, reason
        locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit_record(
            actor=actor,
            action="health.cause_lifted",
            obj=locked,
            before={"lifted_at": None},
            after={
                "lifted_at": now,
                "reason": reason,
                "rule": locked.rule_code,
                "restrictions": locked.restrictions,
                **({"appeal": appeal} if appeal is not None else {}),
            },
            at=now,
        )
        latest = HealthSnapshot.objects.filter(seller=seller).order_by("-as_of").first()
        seller_status_sync(
            seller=seller, band=latest.band if latest else None, actor=actor, now=now, locked=True
        )
        if appeal is not None:
            return locked
        notify(
            recipients=seller_members(seller),
            kind="health.cause_lifted",
            context={"seller": seller, "cause": locked, **cause_words(locked)},
            link=status_link(seller),
            dedupe_key=f"health.cause_lifted:{locked.pk}",
            now=now,
        )
    return locked
