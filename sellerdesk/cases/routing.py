"""Moving a case to another team or case type, when the seller chose the wrong one or the
case turns out to belong elsewhere. The deadlines are recomputed for the new type and team
(targets follow the type, the calendar the team), the assignee stays only if they belong to
the new team, the new team's leads are told. One transaction, one audit event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from sellerdesk.accounts.models import Team, User
from sellerdesk.audit.services import audit_record
from sellerdesk.lib.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    ValidationFailed,
)
from sellerdesk.lib.labels import is_chinese
from sellerdesk.notifications.services import notify

from . import selectors, services
from .deadlines import apply_sla, team_leads
from .models import Case, CaseType
from .notices import case_link
from .permissions import is_case_agent

MAX_REASON_LENGTH = 500


def move_targets(
    *, team: str | None = None, case_type: str | None = None
) -> tuple[Team | None, CaseType | None]:
    """The team and case type named by their codes (blank: not given), or a ValidationFailed
    naming the field that is unknown or inactive."""
    errors: list[FieldError] = []
    team_row = type_row = None
    if (team or "").strip():
        team_row = Team.objects.filter(code=team.strip(), active=True).first()
        if team_row is None:
            errors.append(FieldError("team", "unknown", f"unknown team {team!r}"))
    if (case_type or "").strip():
        type_row = (
            CaseType.objects.select_related("team")
            .filter(code=case_type.strip(), active=True)
            .first()
        )
        if type_row is None:
            errors.append(FieldError("case_type", "unknown", f"unknown case type {case_type!r}"))
    if errors:
        raise ValidationFailed("The move's destination is invalid.", errors)
    return team_row, type_row


def teams_active():
    """The teams a case can be moved to."""
    return Team.objects.filter(active=True).order_by("code")


def team_name(team: Team) -> str:
    """The team's name in the active language."""
    return (team.name_zh if is_chinese(get_language()) else "") or team.name_en


def _snapshot(case: Case) -> dict:
    return {
        "team": case.team.code,
        "case_type": case.case_type.code,
        "assignee": case.assignee.email if case.assignee_id else None,
        "first_response_due_at": case.first_response_due_at,
        "next_response_due_at": case.next_response_due_at,
        "resolution_due_at": case.resolution_due_at,
        "due_at": case.due_at,
    }


@transaction.atomic
def case_move(
    *,
    actor: User,
    case: Case,
    team: Team | None = None,
    case_type: CaseType | None = None,
    reason: str,
    now: datetime | None = None,
) -> Case:
    """Move ``case`` to ``team`` and/or ``case_type``. A new case type without a team moves
    the case to that type's team. Staff of the current team and operators; open cases only."""
    now = now or timezone.now()
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("assignee", "team", "case_type")
        .get(pk=case.pk)
    )
    if not is_case_agent(actor, case):
        raise Forbidden("Only staff of the owning team can move this case.")
    services.workflow_guard(case, by_workflow=False, doing="decide")
    reason = (reason or "").strip()
    errors: list[FieldError] = []
    if team is None and case_type is None:
        errors.append(FieldError("team", "required", "choose a team or a case type"))
    if team is not None and not team.active:
        errors.append(FieldError("team", "inactive", f"team {team.code} is not active"))
    if case_type is not None and not case_type.active:
        errors.append(
            FieldError("case_type", "inactive", f"case type {case_type.code} is not active")
        )
    elif case_type is not None and case_type.workflow:
        # A case of such a type exists only with its workflow's record (an appeal).
        errors.append(
            FieldError(
                "case_type",
                "not_opened_here",
                f"cases of type {case_type.code} belong to their {case_type.workflow}",
            )
        )
    if not reason:
        errors.append(FieldError("reason", "required", "reason must not be empty"))
    elif len(reason) > MAX_REASON_LENGTH:
        errors.append(
            FieldError(
                "reason", "too_long", f"reason must be at most {MAX_REASON_LENGTH} characters"
            )
        )
    if errors:
        raise ValidationFailed("The move is incomplete or invalid.", errors)
    if not case.is_open:
        raise Conflict(f"Case #{case.number} is {case.status}; only an open case can be moved.")
    new_type = case_type or case.case_type
    new_team = team or (case_type.team if case_type is not None else case.team)
    if new_team.pk == case.team_id and new_type.pk == case.case_type_id:
        raise ValidationFailed(
            "The case is already there.",
            [FieldError("team", "unchanged", "the case already has this team and case type")],
        )
    before = _snapshot(case)
    old_team = case.team
    case.team, case.case_type = new_team, new_type
    if case.assignee_id and not case.assignee.team_memberships.filter(team_id=new_team.pk).exists():
        case.assignee = None
    apply_sla(case, now)
    case.updated_at = now
    case.save()
    after = _snapshot(case)
    keys = [key for key in after if before[key] != after[key]]
    audit_record(
        actor=actor,
        action="case.moved",
        obj=case,
        case=case,
        before={key: before[key] for key in keys},
        after={**{key: after[key] for key in keys}, "reason": reason},
        internal=True,
        at=now,
    )
    if new_team.pk != old_team.pk:
        notify(
            recipients=[lead for lead in team_leads(new_team.pk) if lead.pk != actor.pk],
            kind="case.moved",
            context={
                "case": case,
                "from_team": old_team,
                "reason": reason,
                "mover": actor.display_name,
            },
            link=case_link(case, for_seller=False),
            now=now,
        )
    return case


# --- bulk actions on the queue ----------------------------------------------------------

BULK_ACTIONS = ("assign", "take", "resolve", "move")


@dataclass
class BulkOutcome:
    """What a bulk action did: the numbers done, and each refused number with its reason."""

    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, DomainError]] = field(default_factory=list)


def cases_bulk(
    *,
    actor: User,
    numbers: list[int],
    action: str,
    assignee: User | None = None,
    close_reason: str = "resolved",
    team: Team | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> BulkOutcome:
    """Apply one action to many cases, each through the single-case service in its own
    transaction: a case the actor may not see or act on is refused with its reason and the
    others go ahead. ``assign`` gives the cases to ``assignee`` (None: unassign), ``take`` to
    the actor, ``resolve`` closes with ``close_reason``, ``move`` sends them to ``team``."""
    if action not in BULK_ACTIONS:
        raise ValidationFailed(
            "Unknown bulk action.",
            [FieldError("action", "invalid", f"one of {', '.join(BULK_ACTIONS)}")],
        )
    if not numbers:
        raise ValidationFailed(
            "No cases chosen.", [FieldError("cases", "required", "choose at least one case")]
        )
    if action == "move" and team is None:
        raise ValidationFailed(
            "Choose the team to move the cases to.",
            [FieldError("team", "required", "choose a team")],
        )
    outcome = BulkOutcome()
    for number in dict.fromkeys(numbers):  # once each, in the order chosen
        try:
            case = selectors.case_get_for(actor, number)
            if action == "assign":
                services.case_assign(actor=actor, case=case, assignee=assignee, now=now)
            elif action == "take":
                services.case_assign(actor=actor, case=case, assignee=actor, now=now)
            elif action == "resolve":
                services.case_resolve(actor=actor, case=case, close_reason=close_reason, now=now)
            else:
                case_move(actor=actor, case=case, team=team, reason=reason, now=now)
        except DomainError as exc:
            outcome.refused.append((number, exc))
        else:
            outcome.done.append(number)
    return outcome


def agents_of(teams) -> list[User]:
    """Active agents of ``teams``: whom queue cases can be bulk-assigned to."""
    return list(
        User.objects.filter(team_memberships__team__in=teams, kind=User.Kind.AGENT, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )
