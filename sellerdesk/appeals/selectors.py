"""Reads of appeals. A seller sees its own; the Account Health team (whoever may act on the
review case's team) and operators see all; anyone else gets NotFound, never Forbidden."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from sellerdesk.accounts.models import Seller, User
from sellerdesk.cases.models import CaseType
from sellerdesk.health.models import AccountCause, HealthSnapshot, PolicyViolation
from sellerdesk.knowledge.models import Article
from sellerdesk.lib import cursors
from sellerdesk.lib.errors import FieldError, NotFound, ValidationFailed

from . import kinds, quality
from .defaults import APPEAL_CASE_TYPE
from .models import (
    Appeal,
    AppealDecision,
    AppealEvidence,
    AppealGuide,
    AppealVersion,
    EvidenceRequirement,
    RejectionReason,
)


def appeal_link(appeal: Appeal) -> str:
    return f"/appeals/{appeal.pk}/"


def is_reviewer(user: User) -> bool:
    """Staff who may review appeals: operators, and agents of the team the appeal case type
    routes to (Account Health by default)."""
    if user.is_operator:
        return True
    if not user.is_agent:
        return False
    team_id = (
        CaseType.objects.filter(code=APPEAL_CASE_TYPE[0]).values_list("team_id", flat=True).first()
    )
    return team_id is not None and user.team_memberships.filter(team_id=team_id).exists()


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    qs = Appeal.objects.select_related("seller", "cause", "case", "case__assignee")
    if user.is_seller:
        return qs.filter(seller__memberships__user=user).distinct()
    if is_reviewer(user):
        return qs
    return qs.none()


def appeal_get_for(user: User, appeal_id: int) -> Appeal:
    appeal = (
        appeals_visible_to(user)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AppealVersion.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "evidence", queryset=AppealEvidence.objects.select_related("attachment")
                    )
                ),
            ),
            Prefetch(
                "decisions",
                queryset=AppealDecision.objects.select_related("decided_by").order_by(
                    "decided_at", "id"
                ),
            ),
        )
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        raise NotFound("No such appeal.")
    return appeal


def evidence_get_for(user: User, appeal_id: int, evidence_id: int) -> AppealEvidence:
    appeal = appeal_get_for(user, appeal_id)
    row = (
        AppealEvidence.objects.select_related("attachment")
        .filter(pk=evidence_id, version__appeal=appeal)
        .first()
    )
    if row is None:
        raise NotFound("No such file.")
    return row


def cause_for_seller(user: User, cause_id: int) -> AccountCause:
    """An active cause of one of the user's sellers (for the appeal form)."""
    cause = (
        AccountCause.objects.select_related("seller")
        .filter(pk=cause_id, seller__memberships__user=user)
        .first()
    )
    if cause is None or not user.is_seller:
        raise NotFound("No such account cause.")
    return cause


def active_cause_by_reason(seller: Seller, reason_code: str) -> AccountCause:
    """The seller's one active cause with this reason code (what ``reason_code`` names in the
    API); 422 on ``reason_code`` when none, on ``cause`` when several have it."""
    matching = list(
        AccountCause.objects.select_related("seller").filter(
            seller=seller, reason_code=reason_code.strip(), lifted_at__isnull=True
        )[:2]
    )
    if not matching:
        raise ValidationFailed(
            "No active cause of the account has this reason code.",
            [FieldError("reason_code", "unknown", "no active cause with this reason code")],
        )
    if len(matching) > 1:
        raise ValidationFailed(
            "More than one active cause has this reason code: name the cause.",
            [FieldError("cause", "ambiguous", "give the cause id from the account status")],
        )
    return matching[0]


def appeal_list_for(
    user: User,
    *,
    status: list[str] | None = None,
    seller_code: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[Appeal], str | None]:
    """A page of the appeals the user may see, newest first (keyset pagination on
    ``created_at, id``), and the cursor of the next page (None at the end)."""
    qs = appeals_visible_to(user)
    if status:
        qs = qs.filter(status__in=status)
    if seller_code:
        qs = qs.filter(seller__code=seller_code.strip().upper())
    qs = qs.order_by("-created_at", "-id")
    if cursor:
        when, last_id = cursors.decode(cursor)
        qs = qs.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=last_id))
    rows = list(qs[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = cursors.encode(rows[-1].created_at, rows[-1].id)
    return rows, next_cursor


def open_appeals_by_cause(seller: Seller) -> dict[int, Appeal]:
    return {a.cause_id: a for a in Appeal.objects.filter(seller=seller, status__in=Appeal.OPEN)}


def kinds_of_cause(cause: AccountCause) -> list[str]:
    """The cause's kinds (kinds.py), reading the kinds of the violations it names."""
    ids = (cause.detail or {}).get("violation_ids") or []
    violation_kinds = PolicyViolation.objects.filter(pk__in=ids).values_list("kind", flat=True)
    return kinds.cause_kinds(cause.detail or {}, violation_kinds)


def requirements_for(cause_kinds: list[str]) -> list[EvidenceRequirement]:
    rows = EvidenceRequirement.objects.filter(
        Q(cause_kind__in=cause_kinds) | Q(cause_kind=kinds.ANY), active=True
    )
    # One requirement per code: the kind's own row wins over the one for any kind.
    chosen: dict[str, EvidenceRequirement] = {}
    for row in sorted(rows, key=lambda r: (r.cause_kind == kinds.ANY, r.position, r.code)):
        chosen.setdefault(row.code, row)
    return sorted(chosen.values(), key=lambda r: (r.position, r.code))


def requirements_plain(cause_kinds: list[str]) -> list[quality.Requirement]:
    return [
        quality.Requirement(
            code=r.code,
            label=r.label,
            required=r.required,
            max_age_days=r.max_age_days,
            needs_supplier=r.needs_supplier,
        )
        for r in requirements_for(cause_kinds)
    ]


def guide_articles(cause_kinds: list[str]) -> tuple[list[str], bool]:
    """(published article keys in reading order, whether reading them is a self-service
    step): the guides of the cause's kinds, or the guide for any kind when none has its own."""
    guides = list(AppealGuide.objects.filter(cause_kind__in=cause_kinds))
    if not guides:
        guides = list(AppealGuide.objects.filter(cause_kind=kinds.ANY))
    articles: list[str] = []
    for guide in guides:
        articles += [a for a in guide.articles if a not in articles]
    # Only articles a seller can open: a key with no published article (renamed, archived, or
    # a new installation without the Seller University corpus) must not hold an appeal back.
    published = set(
        Article.objects.filter(key__in=articles, status=Article.Status.PUBLISHED).values_list(
            "key", flat=True
        )
    )
    articles = [a for a in articles if a in published]
    return articles, any(g.reading_required for g in guides)


def rejected_drafts_for(cause: AccountCause) -> list[quality.Draft]:
    """The versions of this cause's rejected appeals: text copied from them unchanged is a
    warning. (A version sent back for more information is not rejected: keeping its good
    sections is what the seller should do.)"""
    versions = AppealVersion.objects.filter(
        appeal__cause=cause, appeal__status=Appeal.Status.REJECTED
    ).order_by("appeal_id", "number")
    return [
        quality.Draft(v.root_cause, v.corrective_actions, v.preventive_measures) for v in versions
    ]


def rejection_reasons() -> list[RejectionReason]:
    return list(RejectionReason.objects.filter(active=True))


@dataclass(frozen=True)
class ReviewContext:
    """What a reviewer reads on one page: the appeal, the seller's health history, the
    cause, and the seller's earlier appeals."""

    appeal: Appeal
    snapshots: list[HealthSnapshot]
    earlier: list[Appeal]


def review_context(user: User, appeal_id: int, *, history: int = 30) -> ReviewContext:
    appeal = appeal_get_for(user, appeal_id)
    snapshots = list(
        HealthSnapshot.objects.filter(seller=appeal.seller).order_by("-as_of")[:history]
    )
    earlier = list(
        Appeal.objects.filter(seller=appeal.seller)
        .exclude(pk=appeal.pk)
        .select_related("cause")
        .order_by("-created_at")[:20]
    )
    return ReviewContext(appeal=appeal, snapshots=snapshots, earlier=earlier)


@dataclass(frozen=True)
class GuideLink:
    """One guide article in each language it is published in: ``{language: (pk, title)}``."""

    key: str
    languages: dict[str, tuple[int, str]]


def guide_links(keys: list[str]) -> list[GuideLink]:
    """The published Seller University articles of ``keys`` (in that order), each with its
    translations, so a page can link both languages; a key with no published article is left
    out (an operator renamed or archived it)."""
    rows = Article.objects.filter(key__in=keys, status=Article.Status.PUBLISHED).values_list(
        "key", "language", "pk", "title"
    )
    by_key: dict[str, dict[str, tuple[int, str]]] = {}
    for key, language, pk, title in rows:
        by_key.setdefault(key, {})[language] = (pk, title)
    return [GuideLink(key, by_key[key]) for key in keys if key in by_key]


def article_for_reading(key: str, language: str) -> Article | None:
    """The published article of ``key`` in ``language``, else in any language."""
    rows = list(Article.objects.filter(key=key, status=Article.Status.PUBLISHED))
    return next((a for a in rows if a.language == language), rows[0] if rows else None)


def appeals_of_seller(seller: Seller, *, limit: int = 5) -> list[Appeal]:
    """A seller's most recent appeals with their causes (the workspace's seller panel)."""
    return list(
        Appeal.objects.filter(seller=seller).select_related("cause").order_by("-created_at")[:limit]
    )
