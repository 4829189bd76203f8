"""Reads of cases, always through what the viewer may see: a seller sees their own
organisations' cases, an agent their teams', an operator all. Anything else is "not found"."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from sellerdesk.accounts.models import Seller, TeamMembership, User
from sellerdesk.attachments.models import Attachment
from sellerdesk.audit.models import AuditEvent
from sellerdesk.lib import cursors
from sellerdesk.lib.errors import FieldError, NotFound, ValidationFailed
from sellerdesk.sla.engine import Targets
from sellerdesk.sla.selectors import targets_by_type

from .models import Case, CaseType, Message

ORDERINGS = ("-created_at", "created_at", "due", "-updated_at")
KEY_FIELDS = {
    "-created_at": "created_at",
    "created_at": "created_at",
    "due": "due_at",
    "-updated_at": "updated_at",
}
CASE_RELATED = ("seller", "site", "case_type", "team", "assignee", "duplicate_of")


def case_types_active() -> QuerySet[CaseType]:
    return CaseType.objects.filter(active=True).select_related("team")


def case_types_sellers_open() -> QuerySet[CaseType]:
    """The types a seller chooses from on the support form (not the appeal type: an appeal is
    sent from the Account Status page)."""
    return case_types_active().filter(seller_can_open=True)


def case_type_catalogue() -> list[tuple[CaseType, dict[str, Targets]]]:
    """Active case types, each with its SLA targets per support tier (policy rows, else the
    desk defaults; premium falls back to a share of standard)."""
    case_types = list(case_types_active())
    by_tier = {
        tier: targets_by_type([ct.pk for ct in case_types], tier) for tier in Seller.Tier.values
    }
    return [
        (case_type, {tier: by_tier[tier][case_type.pk] for tier in Seller.Tier.values})
        for case_type in case_types
    ]


def visibility_scope(user: User) -> tuple[str, list[int]] | None:
    """The column and ids that bound what ``user`` may see: an agent's teams, a seller's
    organisations; None for an operator (everything). An empty list sees nothing."""
    if user.is_operator:
        return None
    if user.is_agent:
        return "team_id", list(user.team_memberships.values_list("team_id", flat=True))
    if user.is_seller:
        return "seller_id", list(user.seller_memberships.values_list("seller_id", flat=True))
    return "id", []


Scope = tuple[str, list[int]] | None
_OWN_SCOPE = ("own", [])  # marker: the user's own visibility_scope


def cases_visible_to(user: User, *, scope: Scope = _OWN_SCOPE) -> QuerySet[Case]:
    qs = Case.objects.select_related(*CASE_RELATED)
    if scope is _OWN_SCOPE:
        scope = visibility_scope(user)
    if scope is None:
        return qs
    # The teams' or sellers' ids as literals, not a join: then "one team's cases by deadline"
    # is a range of the (team, due_at, id) index, not a sort of all the team's cases.
    column, ids = scope
    return qs.filter(**{f"{column}__in": ids}) if ids else qs.none()


def case_get_for(user: User, number: int | str) -> Case:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise NotFound("No such case.") from None
    case = cases_visible_to(user).filter(number=number).first()
    if case is None:
        raise NotFound(f"Case {number} was not found.")
    return case


def attachment_get_for(user: User, attachment_id: int | str) -> Attachment:
    """An attachment the user may see: one of a case they may see, or, before it is attached,
    one their seller uploaded. Anything else is "not found" (404), never "forbidden"."""
    try:
        attachment_id = int(attachment_id)
    except (TypeError, ValueError):
        raise NotFound("No such attachment.") from None
    row = Attachment.objects.select_related("case", "seller").filter(pk=attachment_id).first()
    if row is None:
        raise NotFound("No such attachment.")
    if row.case_id is not None:
        # Internal files (an internal note's, or staff's not yet sent) are staff-only.
        if row.internal and user.is_seller:
            raise NotFound("No such attachment.")
        if cases_visible_to(user).filter(pk=row.case_id).exists():
            return row
    elif user.is_seller and user.seller_memberships.filter(seller_id=row.seller_id).exists():
        return row
    raise NotFound("No such attachment.")


def case_messages_for(user: User, case: Case) -> list[Message]:
    """The messages the user may see, each with its files (``message.attachments.all()``)."""
    qs = case.messages.select_related("author").prefetch_related("attachments")
    if user.is_seller:
        qs = qs.filter(internal=False)
    return list(qs)


def case_attachments_for(user: User, case: Case) -> list[Attachment]:
    """The case's files the user may see: a seller never sees internal ones."""
    qs = case.attachments.all()
    if user.is_seller:
        qs = qs.filter(internal=False)
    return list(qs)


def case_events_for(user: User, case: Case) -> list[AuditEvent]:
    """The case's history, with the history of the cases merged into it: a merge links the
    cases and leaves each event where it was recorded (the audit log is append-only)."""
    merged = Case.objects.filter(duplicate_of=case).values("pk")
    qs = (
        AuditEvent.objects.filter(Q(case=case) | Q(case__in=merged))
        .select_related("actor")
        .order_by("created_at", "pk")
    )
    if user.is_seller:
        qs = qs.filter(internal=False)
    return list(qs)


def escalated_open_count_for(user: User) -> int | None:
    """How many open escalated cases wait in the lead's queue: the teams ``user`` leads, every
    team for an operator. None for anyone who has no lead queue (sellers, agents who lead no
    team), so the navigation shows no link. Two small statements at most: the lead teams,
    then a count over their cases (the ``case_team_due`` index starts with the team)."""
    if not user.is_authenticated or user.is_seller:
        return None
    qs = Case.objects.filter(escalated_at__isnull=False, status__in=Case.OPEN_STATUSES)
    if not user.is_operator:
        teams = list(
            user.team_memberships.filter(role=TeamMembership.Role.LEAD).values_list(
                "team_id", flat=True
            )
        )
        if not teams:
            return None
        qs = qs.filter(team_id__in=teams)
    return qs.count()


@dataclass
class CaseFilters:
    status: list[str] | None = None
    case_type: str | None = None
    team: str | None = None
    site: str | None = None
    tier: str | None = None
    seller: str | None = None
    assignee: str | None = None  # an email, or "me" / "none"
    breached: bool | None = None
    escalated: bool | None = None  # the team lead's queue
    q: str | None = None
    created_from: datetime | None = None  # opened at or after
    created_before: datetime | None = None  # opened before


def _filtered(user: User, f: CaseFilters, now: datetime, scope: Scope) -> QuerySet[Case]:
    qs = cases_visible_to(user, scope=scope)
    if f.status:
        qs = qs.filter(status__in=f.status)
    if f.case_type:
        qs = qs.filter(case_type__code=f.case_type)
    if f.team:
        qs = qs.filter(team__code=f.team)
    if f.site:
        qs = qs.filter(site__code=f.site.upper())
    if f.tier:
        qs = qs.filter(tier=f.tier)
    if f.seller:
        qs = qs.filter(seller__code=f.seller.upper())
    if f.assignee == "me":
        qs = qs.filter(assignee=user)
    elif f.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif f.assignee:
        qs = qs.filter(assignee__email=f.assignee.lower())
    if f.breached is True:
        qs = qs.filter(due_at__lt=now)
    elif f.breached is False:
        qs = qs.filter(Q(due_at__gte=now) | Q(due_at__isnull=True))
    if f.escalated is True:
        qs = qs.filter(escalated_at__isnull=False)
    elif f.escalated is False:
        qs = qs.filter(escalated_at__isnull=True)
    if f.q:
        term = f.q.strip()
        number = _case_number(term)
        number_q = Q(number=number) if number is not None else Q()
        qs = qs.filter(number_q | Q(subject__icontains=term))
    if f.created_from is not None:
        qs = qs.filter(created_at__gte=f.created_from)
    if f.created_before is not None:
        qs = qs.filter(created_at__lt=f.created_before)
    return qs


def _case_number(term: str) -> int | None:
    """The case number a search term names: ``10000052``, ``#10000052`` as people write it,
    and the full-width ``＃１０００００５２`` a Chinese input method types (NFKC folds those)."""
    term = unicodedata.normalize("NFKC", term).removeprefix("#").strip()
    # isdecimal()+isascii(): "²".isdigit() is true but int("²") fails.
    return int(term) if term.isascii() and term.isdecimal() else None


def _page(qs: QuerySet[Case], size: int) -> list[Case]:
    """The first ``size`` rows of ``qs``, from ``cases_case`` alone; the related rows come
    afterwards by primary key (``_with_related``): PostgreSQL 15 took 50–200 ms to plan the
    seven-table join of ``select_related`` (against under 1 ms to run it) at 1 M cases; the
    page alone plans in well under a millisecond. See docs/performance.md."""
    return list(qs.select_related(None)[:size])


def _with_related(rows: list[Case]) -> list[Case]:
    prefetch_related_objects(rows, *CASE_RELATED, "attachments")  # attachments: ids per item
    return rows


def _ordered(qs: QuerySet[Case], ordering: str, cursor: str | None) -> QuerySet[Case]:
    """``qs`` in ``ordering``, after the row ``cursor`` names (keyset pagination)."""
    key_field = KEY_FIELDS[ordering]
    descending = ordering.startswith("-")
    if ordering == "due":
        qs = qs.order_by(F("due_at").asc(nulls_last=True), "id")
    else:
        qs = qs.order_by(ordering, f"{'-' if descending else ''}id")
    if not cursor:
        return qs
    value, last_id = cursors.decode(
        cursor, allow_none=ordering == "due"
    )  # only "due" has rows without a key
    if ordering == "due":
        if value is None:
            return qs.filter(due_at__isnull=True, id__gt=last_id)
        return qs.filter(
            Q(due_at__gt=value) | Q(due_at=value, id__gt=last_id) | Q(due_at__isnull=True)
        )
    if descending:
        return qs.filter(
            Q(**{f"{key_field}__lt": value}) | Q(**{key_field: value, "id__lt": last_id})
        )
    return qs.filter(Q(**{f"{key_field}__gt": value}) | Q(**{key_field: value, "id__gt": last_id}))


def _sort_key(ordering: str):
    """The Python twin of ``_ordered``'s ORDER BY, to merge pages read separately."""
    if ordering == "due":
        return lambda c: (c.due_at is None, c.due_at or datetime.min.replace(tzinfo=UTC), c.id)
    key_field = KEY_FIELDS[ordering]
    return lambda c: (getattr(c, key_field), c.id)


def case_list_for(
    user: User,
    filters: CaseFilters | None = None,
    *,
    ordering: str = "-created_at",
    cursor: str | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> tuple[list[Case], str | None]:
    """One page of the cases ``user`` may see, keyset-paginated (stable under inserts).

    An agent of several teams (a seller of several organisations) gets each team's page read
    on its own and merged: ``team_id IN (a, b) ORDER BY due_at`` cannot walk the
    ``(team, due_at, id)`` index in order, so SQLite sorted both teams' cases (1.7 s for two
    teams at 1 M cases) where each team's own page is a short range of the index."""
    if ordering not in ORDERINGS:
        raise ValidationFailed(
            "Unknown ordering.",
            [FieldError("ordering", "invalid", f"ordering must be one of {list(ORDERINGS)}")],
        )
    now = now or timezone.now()
    filters = filters or CaseFilters()
    scope = visibility_scope(user)
    narrowed = filters.team if scope and scope[0] == "team_id" else filters.seller
    if scope is not None and len(scope[1]) > 1 and not narrowed:
        column, ids = scope
        rows = []
        for one in ids:
            qs = _filtered(user, filters, now, (column, [one]))
            rows += _page(_ordered(qs, ordering, cursor), limit + 1)
        rows.sort(key=_sort_key(ordering), reverse=ordering.startswith("-"))
        rows = rows[: limit + 1]
    else:
        qs = _filtered(user, filters, now, scope)
        rows = _page(_ordered(qs, ordering, cursor), limit + 1)
    _with_related(rows)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = cursors.encode(getattr(last, KEY_FIELDS[ordering]), last.id)
    return rows, next_cursor
