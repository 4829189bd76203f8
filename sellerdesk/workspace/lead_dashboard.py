"""Reads of the team lead's live dashboard: per team, the open cases by status, the unassigned,
at-risk and breached counts and the most urgent cases; per agent, their open cases, how many
are at risk or breached, their oldest open case and whether they are in the console now.

"At risk" and "breached" are the queue's SLA badge (``cases/sla.py``), counted in SQL by its
twin ``cases/sla_sql.py``. The reads are a fixed handful of statements whatever the number of
cases: the teams; one GROUP BY over the teams' open cases (team, status, assignee, SLA state);
the members with their oldest case and last presence as subqueries; the most urgent cases of
each team by a window function; the users of any assignee no longer in the team."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case as SqlCase
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from sellerdesk.accounts.models import Team, TeamMembership, User
from sellerdesk.cases import sla_sql
from sellerdesk.cases.models import Case

from .models import CaseViewer
from .presence import WINDOW_SECONDS

# How many of a team's most urgent (breached, then at-risk) cases the dashboard lists.
URGENT_SHOWN = 10
OPEN_STATUSES = tuple(str(status) for status in Case.OPEN_STATUSES)


@dataclass
class AgentLoad:
    user: User | None  # None only until ``_strangers`` has read it
    lead: bool = False
    member: bool = True  # False: cases still assigned to someone no longer in the team
    open: int = 0
    at_risk: int = 0
    breached: int = 0
    oldest_number: int | None = None
    oldest_created_at: datetime | None = None
    last_seen: datetime | None = None
    online: bool = False


@dataclass
class TeamPanel:
    team: Team
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OPEN_STATUSES, 0))
    unassigned: int = 0
    at_risk: int = 0
    breached: int = 0
    urgent: list[Case] = field(default_factory=list)
    agents: list[AgentLoad] = field(default_factory=list)

    @property
    def open(self) -> int:
        return sum(self.by_status.values())


@dataclass
class Dashboard:
    now: datetime
    teams: list[TeamPanel]


def lead_teams_for(user: User) -> list[Team] | None:
    """The teams whose dashboard ``user`` sees: every active team for an operator, the active
    teams they lead for an agent; None for anyone who leads no team (no dashboard at all: the
    navigation's rule, ``cases.selectors.escalated_open_count_for``)."""
    if not user.is_authenticated:
        return None
    if user.is_operator:
        return list(Team.objects.filter(active=True).order_by("code"))
    if not user.is_agent:
        return None
    led = list(
        Team.objects.filter(
            memberships__user=user, memberships__role=TeamMembership.Role.LEAD
        ).order_by("code")
    )
    if not led:
        return None
    return [team for team in led if team.active]


def dashboard_for(teams: list[Team], *, now: datetime | None = None) -> Dashboard:
    """The dashboard of ``teams`` (as ``lead_teams_for`` returned them) at ``now``."""
    now = now or timezone.now()
    panels = {team.pk: TeamPanel(team=team) for team in teams}
    if not panels:
        return Dashboard(now=now, teams=[])
    open_cases = Case.objects.filter(team_id__in=list(panels), status__in=OPEN_STATUSES)
    agents = _members(panels, now)
    _count(open_cases, panels, agents, now)
    _urgent(open_cases, panels, now)
    for panel in panels.values():
        # A deactivated member stays listed while cases are still assigned to them.
        panel.agents = [a for a in panel.agents if a.user.is_active or a.open]
        panel.agents.sort(key=lambda a: (-a.open, a.user.display_name.lower(), a.user.pk))
    return Dashboard(now=now, teams=list(panels.values()))


def _members(panels: dict[int, TeamPanel], now: datetime) -> dict[tuple[int, int], AgentLoad]:
    """Each team's members, with their oldest open case in the team and their last presence
    in the console (one statement: both are subqueries)."""
    oldest = Case.objects.filter(
        team_id=OuterRef("team_id"), assignee_id=OuterRef("user_id"), status__in=OPEN_STATUSES
    ).order_by("created_at", "id")
    seen = CaseViewer.objects.filter(user_id=OuterRef("user_id")).order_by("-seen_at")
    rows = (
        TeamMembership.objects.filter(team_id__in=list(panels))
        .select_related("user")
        .annotate(
            oldest_number=Subquery(oldest.values("number")[:1]),
            oldest_created_at=Subquery(oldest.values("created_at")[:1]),
            last_seen=Subquery(seen.values("seen_at")[:1]),
        )
    )
    online_since = now - timedelta(seconds=WINDOW_SECONDS)
    agents = {}
    for row in rows:
        load = AgentLoad(
            user=row.user,
            lead=row.role == TeamMembership.Role.LEAD,
            oldest_number=row.oldest_number,
            oldest_created_at=row.oldest_created_at,
            last_seen=row.last_seen,
            online=row.last_seen is not None and row.last_seen >= online_since,
        )
        agents[(row.team_id, row.user_id)] = load
        panels[row.team_id].agents.append(load)
    return agents


def _count(open_cases, panels, agents, now: datetime) -> None:
    """The one GROUP BY: open cases by team, status, assignee and SLA state."""
    groups = list(
        sla_sql.with_attention(open_cases, now, name="sla")
        .values("team_id", "status", "assignee_id", "sla")
        .annotate(n=Count("pk"))
        .order_by()
    )
    strangers: set[tuple[int, int]] = set()
    for group in groups:
        panel, n, sla = panels[group["team_id"]], group["n"], group["sla"]
        panel.by_status[group["status"]] = panel.by_status.get(group["status"], 0) + n
        if sla == sla_sql.AT_RISK:
            panel.at_risk += n
        elif sla == sla_sql.BREACHED:
            panel.breached += n
        assignee = group["assignee_id"]
        if assignee is None:
            panel.unassigned += n
            continue
        key = (group["team_id"], assignee)
        if key not in agents:
            strangers.add(key)
            agents[key] = AgentLoad(user=None, member=False)
        load = agents[key]
        load.open += n
        if sla == sla_sql.AT_RISK:
            load.at_risk += n
        elif sla == sla_sql.BREACHED:
            load.breached += n
    if strangers:
        _strangers(strangers, panels, agents)


def _strangers(keys: set[tuple[int, int]], panels, agents) -> None:
    """Cases of a team assigned to someone who left it: shown under their name all the same,
    with their oldest such case (one statement for the users, one for the oldest cases)."""
    users = User.objects.in_bulk({user_id for _, user_id in keys})
    oldest = (
        Case.objects.filter(
            team_id__in={team_id for team_id, _ in keys},
            assignee_id__in=list(users),
            status__in=OPEN_STATUSES,
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("team_id"), F("assignee_id")],
                order_by=[F("created_at").asc(), F("id").asc()],
            )
        )
        .filter(rank=1)
        .values_list("team_id", "assignee_id", "number", "created_at")
    )
    for team_id, user_id, number, created_at in oldest:
        if (team_id, user_id) in keys:
            agents[(team_id, user_id)].oldest_number = number
            agents[(team_id, user_id)].oldest_created_at = created_at
    for team_id, user_id in keys:
        load = agents[(team_id, user_id)]
        load.user = users[user_id]
        panels[team_id].agents.append(load)


def _urgent(open_cases, panels, now: datetime) -> None:
    """Each team's most urgent cases: breached first, then at risk, soonest due first (the
    most overdue leads), at most ``URGENT_SHOWN`` a team, in one statement."""
    worst_first = SqlCase(
        When(sla=sla_sql.BREACHED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    rows = (
        sla_sql.with_attention(open_cases, now, name="sla")
        .filter(sla__in=sla_sql.ATTENTION)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("team_id")],
                order_by=[worst_first.asc(), F("due_at").asc(nulls_last=True), F("id").asc()],
            )
        )
        .filter(place__lte=URGENT_SHOWN)
        .select_related("seller", "assignee")
        .order_by("team_id", "place")
    )
    for case in rows:
        panels[case.team_id].urgent.append(case)
