"""Saved queue views: the reads and the writers (one transaction and one audit event each).
A view stores the queue's query string, reduced to the queue's filters (no page cursor)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from sellerdesk.accounts.models import Team, TeamMembership, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed

from .models import SavedView

# The queue's filters (cases/views/console.py:_queue_filters); anything else is dropped.
QUERY_KEYS = ("filtered", "q", "team", "case_type", "site", "tier", "assignee", "escalated")
QUERY_LISTS = ("status",)
QUERY_KEYS_ALL = (*QUERY_KEYS, *QUERY_LISTS, "order")
MAX_NAME = 80


def clean_query(query: str) -> str:
    """``query`` with only the queue's filters, in a stable order, empty values dropped."""
    params = QueryDict((query or "").lstrip("?"))
    kept = QueryDict(mutable=True)
    for key in QUERY_KEYS_ALL:
        values = [v for v in params.getlist(key) if v.strip()]
        if key not in QUERY_LISTS:
            values = values[:1]
        if values:
            kept.setlist(key, values)
    return kept.urlencode()


def saved_views_for(user: User) -> QuerySet[SavedView]:
    """The user's views and their teams' (operators: every team's)."""
    if user.is_operator:
        shared = Q(team__isnull=False)
    else:
        shared = Q(team_id__in=list(user.team_memberships.values_list("team_id", flat=True)))
    return SavedView.objects.filter(Q(owner=user) | shared).select_related("team")


def saved_views_managed_by(user: User) -> QuerySet[SavedView]:
    if user.is_operator:
        return SavedView.objects.all()
    led = user.team_memberships.filter(role=TeamMembership.Role.LEAD).values_list(
        "team_id", flat=True
    )
    return SavedView.objects.filter(Q(owner=user) | Q(team_id__in=list(led)))


def _may_share(actor: User, team: Team) -> bool:
    return (
        actor.is_operator
        or actor.team_memberships.filter(team=team, role=TeamMembership.Role.LEAD).exists()
    )


@transaction.atomic
def saved_view_save(
    *, actor: User, name: str, query: str, team: Team | None = None, now: datetime | None = None
) -> SavedView:
    """Save the queue's current filters as a view: the actor's own, or (leads and operators)
    the team's."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(
            "The view needs a name.", [FieldError("name", "required", "name must not be empty")]
        )
    if len(name) > MAX_NAME:
        raise ValidationFailed(
            "The name is too long.",
            [FieldError("name", "too_long", f"name must be at most {MAX_NAME} characters")],
        )
    if not (actor.is_agent or actor.is_operator):
        raise Forbidden("Only support staff have saved views.")
    if team is not None and not _may_share(actor, team):
        raise Forbidden("Only the team's leads and operators can share a view with a team.")
    view = SavedView.objects.create(
        name=name,
        query=clean_query(query),
        owner=None if team is not None else actor,
        team=team,
    )
    audit_record(
        actor=actor,
        action="saved_view.created",
        obj=view,
        after={
            "name": view.name,
            "query": view.query,
            "owner": actor.email if team is None else None,
            "team": team.code if team is not None else None,
        },
        at=now,
    )
    return view


@transaction.atomic
def saved_view_delete(*, actor: User, view: SavedView, now: datetime | None = None) -> None:
    now = now or timezone.now()
    view = SavedView.objects.select_for_update(of=("self",)).select_related("team").get(pk=view.pk)
    if view.owner_id != actor.pk and not (view.team and _may_share(actor, view.team)):
        raise Forbidden("You cannot delete this view.")
    audit_record(
        actor=actor,
        action="saved_view.deleted",
        obj=view,
        before={"name": view.name, "query": view.query},
        at=now,
    )
    view.delete()
