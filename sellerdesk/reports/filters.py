"""A report's filters, read from a query string with an error naming each bad one, and who
may read which teams' figures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from sellerdesk.accounts.models import Seller, Team, User
from sellerdesk.accounts.selectors import lead_team_ids_for
from sellerdesk.cases.models import CaseType
from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed
from sellerdesk.sites.models import Site

TIERS = tuple(Seller.Tier.values)
PERIODS = ("day", "week", "month", "quarter")
NARROWING = ("site", "team", "case_type", "tier")
# The days a report may ask about: before 1970 there are no cases, and far-future dates would
# overflow the calendar arithmetic of the periods.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)
READER = object()  # parse's scope: the reader's own (``readable_teams``)


@dataclass(frozen=True)
class Filters:
    """What a report is narrowed to. Dates are UTC days, both ends included; ``site``,
    ``team`` and ``case_type`` are resolved to ids, ``team_ids`` is the team filter and the
    reader's scope combined (None: every team)."""

    date_from: date
    date_to: date
    site: str = ""
    team: str = ""
    case_type: str = ""
    tier: str = ""
    group_by: str = ""
    site_id: int | None = None
    case_type_id: int | None = None
    team_ids: frozenset[int] | None = None

    def as_dict(self) -> dict:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "site": self.site,
            "team": self.team,
            "case_type": self.case_type,
            "tier": self.tier,
            "group_by": self.group_by,
        }

    def dims(self) -> dict:
        """The rollup-row filter these stand for: the range's days, narrowed."""
        return {"day__gte": self.date_from, "day__lte": self.date_to, **self.narrowing()}

    def narrowing(self) -> dict:
        """The rollup-row filter of the site, team, case type and tier, whatever the days."""
        q: dict = {}
        if self.site_id is not None:
            q["site_id"] = self.site_id
        if self.case_type_id is not None:
            q["case_type_id"] = self.case_type_id
        if self.tier:
            q["tier"] = self.tier
        if self.team_ids is not None:
            q["team_id__in"] = sorted(self.team_ids)
        return q

    def with_range(self, date_from: date, date_to: date) -> Filters:
        return replace(self, date_from=date_from, date_to=date_to)


def readable_teams(user: User) -> frozenset[int] | None:
    """The teams whose figures ``user`` may read: every team (None) for operators, the teams
    they lead for team leads. Anyone else may not read reports."""
    if user.is_superuser or user.is_operator:
        return None
    if user.is_agent:
        led = frozenset(lead_team_ids_for(user))
        if led:
            return led
    raise Forbidden("Reports are for team leads and operators.")


def _date(raw: str, name: str, errors: list[FieldError]) -> date | None:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        errors.append(FieldError(name, "invalid", "a date written YYYY-MM-DD"))
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        errors.append(FieldError(name, "out_of_range", "a date from 1970-01-01 to 2999-12-31"))
        return None
    return day


def parse(
    params,
    *,
    user: User,
    group_by: tuple[str, ...] = (),
    default_days: int | None = None,
    narrowed_by: tuple[str, ...] = NARROWING,
    scope: frozenset[int] | None | object = READER,
) -> Filters:
    """The filters of ``params`` (a QueryDict or a dict of strings) for a reader whose team
    scope is ``scope`` (``readable_teams``); 422 naming every bad one, and every filter the
    report is not ``narrowed_by``; 403 when a lead asks for a team they do not lead.
    ``group_by`` is what the report accepts (its first is the default)."""
    if scope is READER:
        scope = readable_teams(user)
    errors: list[FieldError] = []
    for name in NARROWING:
        if name not in narrowed_by and (params.get(name) or "").strip():
            errors.append(
                FieldError(name, "not_applicable", f"this report is not narrowed by {name}")
            )
    today = timezone.now().date()
    days = default_days or int(settings.SELLERDESK["REPORTS_DEFAULT_DAYS"])
    raw_to = (params.get("to") or "").strip()
    raw_from = (params.get("from") or "").strip()
    date_to = _date(raw_to, "to", errors) if raw_to else today
    date_from = _date(raw_from, "from", errors) if raw_from else None
    if date_to and date_from is None and not raw_from:
        date_from = max(date_to - timedelta(days=days - 1), FIRST_DAY)
    if date_from and date_to:
        if date_from > date_to:
            errors.append(FieldError("from", "invalid", "on or before 'to'"))
        elif (date_to - date_from).days > 366 * 5:
            errors.append(FieldError("from", "invalid", "a range of at most five years"))
    values: dict = {}
    for name, model, column in (
        ("site", Site, "code"),
        ("team", Team, "code"),
        ("case_type", CaseType, "code"),
    ):
        raw = (params.get(name) or "").strip()
        if not raw:
            continue
        code = raw.upper() if name == "site" else raw.lower()
        pk = model.objects.filter(**{column: code}).values_list("pk", flat=True).first()
        if pk is None:
            errors.append(FieldError(name, "unknown", f"no {name.replace('_', ' ')} '{raw[:40]}'"))
        values[name] = (code, pk)
    tier = (params.get("tier") or "").strip().lower()
    if tier and tier not in TIERS:
        errors.append(FieldError("tier", "invalid", f"one of {', '.join(TIERS)}"))
    chosen = (params.get("group_by") or "").strip().lower()
    if chosen and chosen not in group_by:
        errors.append(
            FieldError("group_by", "invalid", f"one of {', '.join(group_by) or '(none)'}")
        )
    if errors:
        raise ValidationFailed("Some filters are not valid.", errors)
    team_code, team_id = values.get("team", ("", None))
    team_ids = scope
    if team_id is not None:
        if scope is not None and team_id not in scope:
            raise Forbidden("You may read the reports of the teams you lead only.")
        team_ids = frozenset({team_id})
    return Filters(
        date_from=date_from,
        date_to=date_to,
        site=values.get("site", ("", None))[0],
        team=team_code,
        case_type=values.get("case_type", ("", None))[0],
        tier=tier,
        group_by=chosen or (group_by[0] if group_by else ""),
        site_id=values.get("site", ("", None))[1],
        case_type_id=values.get("case_type", ("", None))[1],
        team_ids=team_ids,
    )
