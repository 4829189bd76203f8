"""Workspace pages of the agent console: the macro picker on a case, applying a macro, and
the agent's macros. Thin: read through a selector, write through one service."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sellerdesk.accounts.selectors import teams_for
from sellerdesk.cases import abuse
from sellerdesk.cases import selectors as cases_selectors
from sellerdesk.cases.permissions import is_case_agent
from sellerdesk.lib.errors import DomainError, FieldError, ValidationFailed
from sellerdesk.lib.views import flash_error, form_errors, staff_only

from . import placeholders, selectors, services
from .models import Macro

CLOSE_REASONS = abuse.CLOSE_REASONS


@staff_only
def case_macros(request, number: int):
    """The macro picker of a case page (loaded by HTMX into the page)."""
    case = cases_selectors.case_get_for(request.user, number)
    return render(
        request,
        "workspace/_picker.html",
        {
            "case": case,
            "macros": selectors.macros_for(request.user, team_id=case.team_id),
            "can_act": is_case_agent(request.user, case),
        },
    )


@staff_only
def macro_insert(request, number: int, macro_id: int):
    """The reply box filled with the macro's text for this case, for the agent to edit."""
    case = cases_selectors.case_get_for(request.user, number)
    macro = selectors.macro_get_for(request.user, macro_id)
    return render(
        request,
        "workspace/_reply_box.html",
        {"body": services.macro_render(macro, case), "macro": macro},
    )


@require_POST
@staff_only
def macro_apply(request, number: int, macro_id: int):
    case = cases_selectors.case_get_for(request.user, number)
    macro = selectors.macro_get_for(request.user, macro_id)
    try:
        services.macro_apply(
            actor=request.user, macro=macro, case=case, body=request.POST.get("body", "")
        )
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, gettext("Macro “%(name)s” applied.") % {"name": macro.name})
    return redirect("console-case", number=number)


def _form_context(request, **extra) -> dict:
    return {
        "macros": selectors.macros_managed_by(request.user),
        "usable": selectors.macros_for(request.user),
        "teams": teams_for(request.user),
        "actions": Macro.Action.choices,
        "close_reasons": CLOSE_REASONS,
        "placeholders": placeholders.PLACEHOLDERS,
        "errors": {},
        "form": {},
        **extra,
    }


@staff_only
def macro_list(request):
    """The agent's macros: theirs and their teams', and a form for a new one."""
    if request.method == "POST":
        return _save(request, None)
    return render(request, "workspace/macros.html", _form_context(request))


@staff_only
def macro_edit(request, macro_id: int):
    macro = selectors.macros_managed_by(request.user).filter(pk=macro_id).first()
    if macro is None:
        _not_found()
    if request.method == "POST":
        return _save(request, macro)
    form = {
        "name": macro.name,
        "body_en": macro.body_en,
        "body_zh": macro.body_zh,
        "team": macro.team.code if macro.team_id else "",
        "action": macro.action,
        "close_reason": macro.close_reason,
    }
    context = _form_context(request, form=form, editing=macro)
    return render(request, "workspace/macros.html", context)


def _not_found():
    raise Http404("No such macro.")


def _save(request, macro: Macro | None):
    post = request.POST
    form = {key: post.get(key, "") for key in ("name", "body_en", "body_zh", "team", "action")}
    form["close_reason"] = post.get("close_reason", "")
    team = None
    if form["team"]:
        team = next((t for t in teams_for(request.user) if t.code == form["team"]), None)
    try:
        if form["team"] and team is None:
            raise ValidationFailed(
                "Unknown team.", [FieldError("team", "unknown", "not one of your teams")]
            )
        saved = services.macro_save(
            actor=request.user,
            macro=macro,
            name=form["name"],
            body_en=form["body_en"],
            body_zh=form["body_zh"],
            team=team,
            action=form["action"] or Macro.Action.NONE,
            close_reason=form["close_reason"],
        )
    except ValidationFailed as exc:
        errors, _ = form_errors(exc)
        context = _form_context(request, form=form, errors=errors, editing=macro)
        return render(request, "workspace/macros.html", context, status=422)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("macros")
    messages.success(request, gettext("Macro “%(name)s” saved.") % {"name": saved.name})
    return redirect("macros")


@require_POST
@staff_only
def macro_delete(request, macro_id: int):
    macro = selectors.macros_managed_by(request.user).filter(pk=macro_id).first()
    if macro is None:
        _not_found()
    try:
        services.macro_delete(actor=request.user, macro=macro)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, gettext("Macro “%(name)s” deleted.") % {"name": macro.name})
    return redirect("macros")
