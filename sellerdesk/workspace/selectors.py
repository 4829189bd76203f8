"""Reads of the workspace: the macros and saved views a user may use."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sellerdesk.accounts.models import User
from sellerdesk.lib.errors import NotFound

from .models import Macro


def _team_ids(user: User) -> list[int]:
    return list(user.team_memberships.values_list("team_id", flat=True))


def macros_for(user: User, *, team_id: int | None = None) -> QuerySet[Macro]:
    """Active macros ``user`` may use: their own and their teams' (operators: every team's).
    ``team_id``: only that team's shared macros besides the personal ones (a case's team)."""
    shared = Q(team__isnull=False) if user.is_operator else Q(team_id__in=_team_ids(user))
    if team_id is not None:
        shared &= Q(team_id=team_id)
    return (
        Macro.objects.filter(Q(owner=user) | shared, active=True)
        .select_related("team", "owner")
        .order_by("team_id", "name", "id")
    )


def macro_get_for(user: User, macro_id) -> Macro:
    """A macro ``user`` may use (or edit: see services), else NotFound."""
    macro = macros_for(user).filter(pk=macro_id).first() if str(macro_id).isdigit() else None
    if macro is None:
        raise NotFound("No such macro.")
    return macro


def macros_managed_by(user: User) -> QuerySet[Macro]:
    """Macros ``user`` may edit: their own, and their teams' shared ones if they lead the
    team (operators: all)."""
    if user.is_operator:
        return Macro.objects.select_related("team", "owner").order_by("team_id", "name")
    led = user.team_memberships.filter(role="lead").values_list("team_id", flat=True)
    return (
        Macro.objects.filter(Q(owner=user) | Q(team_id__in=list(led)))
        .select_related("team", "owner")
        .order_by("team_id", "name")
    )
