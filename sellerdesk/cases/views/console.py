"""The agent console: the team queue and the agent's case page with its actions."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from sellerdesk.accounts.selectors import teams_for
from sellerdesk.cases import merge, routing, sensitive
from sellerdesk.cases import selectors as cases_selectors
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import Case
from sellerdesk.cases.permissions import is_case_agent
from sellerdesk.cases.selectors import CaseFilters
from sellerdesk.cases.sla import target_states
from sellerdesk.lib.errors import (
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
)
from sellerdesk.lib.views import safe_next, staff_only

from . import attachments as message_files
from . import selectors, support_form
from .labels import flash_error, form_errors

STATUSES = [status.value for status in Case.Status]
DEFAULT_STATUSES = list(Case.OPEN_STATUSES)
ORDERINGS = {"due": "due", "newest": "-created_at", "updated": "-updated_at"}
CLOSE_REASONS = [
    ("resolved", gettext_lazy("Resolved")),
    ("invalid", gettext_lazy("Invalid")),
    ("duplicate", gettext_lazy("Duplicate")),
    ("spam", gettext_lazy("Spam")),
]


def _queue_filters(params, user) -> tuple[CaseFilters, dict]:
    """Filters from the query string. ``filtered=1`` marks a submitted form, so unticking
    every status means "any status" instead of falling back to the default."""
    statuses = [s for s in params.getlist("status") if s in STATUSES]
    if not statuses and params.get("filtered") != "1":
        statuses = DEFAULT_STATUSES
    assignee = params.get("assignee", "")
    chosen = {
        "status": statuses,
        "team": params.get("team", ""),
        "case_type": params.get("case_type", ""),
        "site": params.get("site", ""),
        "tier": params.get("tier", ""),
        "assignee": assignee if assignee in ("me", "none") else "",
        "q": params.get("q", "").strip(),
        "escalated": "yes" if params.get("escalated") == "yes" else "",
        "order": params.get("order") if params.get("order") in ORDERINGS else "due",
    }
    filters = CaseFilters(
        status=statuses or None,
        team=chosen["team"] or None,
        case_type=chosen["case_type"] or None,
        site=chosen["site"] or None,
        tier=chosen["tier"] or None,
        assignee=chosen["assignee"] or None,
        q=chosen["q"] or None,
        escalated=True if chosen["escalated"] else None,
    )
    return filters, chosen


@staff_only
def queue(request):
    filters, chosen = _queue_filters(request.GET, request.user)
    ordering = ORDERINGS[chosen["order"]]
    try:
        rows, next_cursor = cases_selectors.case_list_for(
            request.user,
            filters,
            ordering=ordering,
            cursor=request.GET.get("cursor") or None,
            limit=settings.SELLERDESK["PAGE_SIZE"],
        )
    except ValidationFailed:  # a stale or edited cursor: show the first page
        rows, next_cursor = cases_selectors.case_list_for(
            request.user, filters, ordering=ordering, limit=settings.SELLERDESK["PAGE_SIZE"]
        )
    context = {
        "cases": rows,
        "next_cursor": next_cursor,
        "chosen": chosen,
        "statuses": STATUSES,
        "teams": teams_for(request.user),
        "case_types": cases_selectors.case_types_active(),
        "sites": selectors.sites_active(),
        "is_first_page": not request.GET.get("cursor"),
        "bulk_agents": routing.agents_of(teams_for(request.user)),
        "close_reasons": CLOSE_REASONS,
        "move_teams": routing.teams_active(),
    }
    # The filter form swaps only the results; anything else (history restore too) gets the page.
    partial = request.htmx and request.htmx.target == "queue-results"
    template = "cases/console/_queue_results.html" if partial else "cases/console/queue.html"
    return render(request, template, context)


def _case_context(request, case: Case, **extra) -> dict:
    user = request.user
    return {
        "case": case,
        "thread": cases_selectors.case_messages_for(user, case),
        "events": cases_selectors.case_events_for(user, case),
        "members": selectors.team_members_for(case.team_id),
        "can_act": is_case_agent(user, case),
        "can_reveal": sensitive.may_reveal(user, case) and case.secrets.exists(),
        "revealed": None,
        "close_reasons": CLOSE_REASONS,
        "can_take": user.is_agent and case.is_open and case.assignee_id != user.pk,
        "sla": target_states(case, timezone.now()),
        "errors": {},
        "body": "",
        "attachment_ids": [],
        "move_teams": routing.teams_active(),
        "move_case_types": cases_selectors.case_types_active(),
        **extra,
    }


def _render_case(request, case: Case, *, status: int = 200, **extra):
    template = "cases/console/_case_body.html" if request.htmx else "cases/console/case.html"
    return render(request, template, _case_context(request, case, **extra), status=status)


@staff_only
def case_detail(request, number: int):
    return _render_case(request, cases_selectors.case_get_for(request.user, number))


def _act(
    request,
    number: int,
    action: Callable[[Case], str],
    *,
    keep: dict | None = None,
    describe: Callable | None = None,
):
    """Run one service call on the case and answer: the refreshed case body for HTMX, a
    redirect (with a message) for a plain form post, the form with its errors on bad input.
    ``describe`` turns a refusal into the form's errors, if not the usual way."""
    case = cases_selectors.case_get_for(request.user, number)
    try:
        done = action(case)
    except (ValidationFailed, PayloadTooLarge) as exc:
        errors = describe(exc) if describe else form_errors(exc)[0]
        return _render_case(
            request, case, status=200 if request.htmx else exc.status, errors=errors, **(keep or {})
        )
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    if request.htmx:
        return _render_case(request, cases_selectors.case_get_for(request.user, number))
    return redirect("console-case", number=number)


MESSAGE_KINDS = {
    # button value → (internal, request_info)
    "reply": (False, False),
    "note": (True, False),
    "request_info": (False, True),
}


@require_POST
@staff_only
def case_message(request, number: int):
    kind = request.POST.get("kind", "reply")
    internal, request_info = MESSAGE_KINDS.get(kind, MESSAGE_KINDS["reply"])
    body = request.POST.get("body", "")
    # Files of an earlier try of this form are kept (on the case, hidden from the seller).
    attachment_ids = support_form.kept_ids(request)

    def action(case: Case) -> str:
        if not is_case_agent(request.user, case):  # before any file is stored on the case
            raise Forbidden("Only staff of the owning team can write on this case.")
        uploaded, refused = message_files.upload_message_files(request, case, staff=True)
        attachment_ids.extend(uploaded)
        if refused:
            raise ValidationFailed("Some files were refused.", refused)
        cases.case_message_add(
            actor=request.user,
            case=case,
            body=body,
            internal=internal,
            request_info=request_info,
            attachments=attachment_ids,
        )
        if internal:
            return gettext("Internal note added.")
        if request_info:
            return gettext("Request for information sent to the seller.")
        return gettext("Reply sent to the seller.")

    return _act(
        request,
        number,
        action,
        keep={"body": body, "attachment_ids": attachment_ids},
        describe=message_files.message_form_errors,
    )


@require_POST
@staff_only
def case_assign(request, number: int):
    choice = request.POST.get("assignee", "")

    def action(case: Case) -> str:
        if choice == "me":
            assignee = request.user
        elif choice in ("", "none"):
            assignee = None
        else:
            assignee = next(
                (m for m in selectors.team_members_for(case.team_id) if str(m.pk) == choice), None
            )
            if assignee is None:
                raise ValidationFailed(
                    "Choose a member of the owning team.",
                    [FieldError("assignee", "not_in_team", "not a member of the owning team")],
                )
        cases.case_assign(actor=request.user, case=case, assignee=assignee)
        if assignee is None:
            return gettext("The case is now unassigned.")
        return gettext("Assigned to %(name)s.") % {"name": assignee.display_name}

    return _act(request, number, action)


@require_POST
@staff_only
def case_resolve(request, number: int):
    body = request.POST.get("body", "")
    close_reason = request.POST.get("close_reason", "resolved")

    def action(case: Case) -> str:
        cases.case_resolve(actor=request.user, case=case, body=body, close_reason=close_reason)
        return gettext("The case was resolved.")

    return _act(request, number, action, keep={"resolve_body": body})


@require_POST
@staff_only
def case_reopen(request, number: int):
    def action(case: Case) -> str:
        cases.case_reopen(actor=request.user, case=case, reason=request.POST.get("reason", ""))
        return gettext("The case was reopened.")

    return _act(request, number, action)


@require_POST
@staff_only
def case_merge(request, number: int):
    into_number = request.POST.get("into", "").strip().lstrip("#")

    def action(case: Case) -> str:
        try:
            into = cases_selectors.case_get_for(request.user, into_number)
        except NotFound:
            raise ValidationFailed(
                "No such case.", [FieldError("into", "unknown", "no open case with that number")]
            ) from None
        merge.case_merge(actor=request.user, case=case, into=into)
        return gettext("Merged into case %(number)s.") % {"number": into.number}

    return _act(request, number, action, keep={"merge_into": into_number})


@require_POST
@staff_only
def case_reveal(request, number: int):
    """Show the sensitive values in full on this one answer, after logging the reason."""
    case = cases_selectors.case_get_for(request.user, number)
    reason = request.POST.get("reason", "")
    try:
        revealed = sensitive.case_sensitive_reveal(actor=request.user, case=case, reason=reason)
    except ValidationFailed as exc:
        errors, _ = form_errors(exc)
        return _render_case(request, case, status=422, errors=errors)
    except Forbidden as exc:
        raise PermissionDenied(exc.detail) from exc
    return _render_case(request, case, revealed=revealed)


@require_POST
@staff_only
def case_move(request, number: int):
    """Move the case to another team or case type. The mover may no longer see the case
    afterwards (agents see their teams' cases): then they go back to the queue."""
    case = cases_selectors.case_get_for(request.user, number)
    team_code = request.POST.get("team", "")
    type_code = request.POST.get("case_type", "")
    reason = request.POST.get("reason", "")
    keep = {"move_reason": reason, "move_team": team_code, "move_case_type": type_code}
    try:
        team, case_type = routing.move_targets(team=team_code, case_type=type_code)
        moved = routing.case_move(
            actor=request.user, case=case, team=team, case_type=case_type, reason=reason
        )
    except ValidationFailed as exc:
        errors, _ = form_errors(exc)
        return _render_case(request, case, status=422, errors=errors, **keep)
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("console-case", number=number)
    messages.success(
        request,
        gettext("Moved to %(team)s · %(case_type)s.")
        % {"team": routing.team_name(moved.team), "case_type": moved.case_type.name},
    )
    if is_case_agent(request.user, moved):
        return redirect("console-case", number=number)
    return redirect("console")


@require_POST
@staff_only
def queue_bulk(request):
    """One action on the cases ticked in the queue; each case is done or refused on its own,
    and the queue comes back with a summary (the refused ones with their reasons)."""
    numbers = [int(n) for n in request.POST.getlist("case") if n.strip().isdigit()]
    action = request.POST.get("action", "")
    back = safe_next(request, reverse("console"))
    assignee = None
    try:
        choice = request.POST.get("assignee", "")
        if action == "assign" and not choice:
            raise ValidationFailed(
                "Choose whom to assign the cases to.",
                [FieldError("assignee", "required", "choose an agent, or nobody to unassign")],
            )
        if action == "assign" and choice != "none":
            assignee = next(
                (a for a in routing.agents_of(teams_for(request.user)) if str(a.pk) == choice),
                None,
            )
            if assignee is None:
                raise ValidationFailed(
                    "Choose an agent of your teams.",
                    [FieldError("assignee", "unknown", "not an agent of your teams")],
                )
        team = None
        if action == "move":
            team, _ = routing.move_targets(team=request.POST.get("team", ""))
        outcome = routing.cases_bulk(
            actor=request.user,
            numbers=numbers,
            action=action,
            assignee=assignee,
            close_reason=request.POST.get("close_reason", "resolved"),
            team=team,
            reason=request.POST.get("reason", "") or gettext("Moved from the queue"),
        )
    except DomainError as exc:
        flash_error(request, exc)
        return redirect(back)
    if outcome.done:
        messages.success(
            request,
            ngettext(
                "Done for %(count)d case: %(numbers)s.",
                "Done for %(count)d cases: %(numbers)s.",
                len(outcome.done),
            )
            % {
                "count": len(outcome.done),
                "numbers": ", ".join(f"#{n}" for n in outcome.done),
            },
        )
    for number, exc in outcome.refused:
        _, summary = form_errors(exc)
        detail = summary[0]["message"] if summary else exc.detail
        messages.error(
            request,
            gettext("Case #%(number)s was not changed: %(reason)s")
            % {"number": number, "reason": detail},
        )
    return redirect(back)
