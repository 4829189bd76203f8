"""The seller portal: Help → Get support → choose a type → the form, my cases, a case. Home is
the web app's (``web/views/home.py``): it reads account health too."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from sellerdesk.accounts.selectors import sellers_for
from sellerdesk.cases import checklist, creation, escalation, ratelimits
from sellerdesk.cases import selectors as cases_selectors
from sellerdesk.cases import services as cases
from sellerdesk.cases.escalation import escalation_possible_at
from sellerdesk.cases.models import Case, CaseType
from sellerdesk.cases.selectors import CaseFilters
from sellerdesk.lib.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
)
from sellerdesk.lib.views import seller_only, signed_in
from sellerdesk.sla.selectors import first_response_hours_by_code

from . import attachments as message_files
from . import labels
from . import support_form as intake
from .labels import flash_error, form_errors

MY_CASES_FILTERS = {
    # name in the URL → statuses; "" means every case
    "": None,
    "active": list(Case.OPEN_STATUSES),
    Case.Status.AWAITING_SELLER: [Case.Status.AWAITING_SELLER],
    Case.Status.RESOLVED: [Case.Status.RESOLVED],
    Case.Status.CLOSED: [Case.Status.CLOSED],
}


@seller_only
def help_index(request):
    return render(
        request, "cases/portal/help.html", {"restriction": intake.restriction_for(request.user)}
    )


def _tier_of(user) -> str:
    """The tier whose targets a seller member sees: their (first) seller's."""
    seller = sellers_for(user).order_by("code").first()
    return seller.tier if seller else "standard"


@seller_only
def support_choose(request):
    case_types = list(cases_selectors.case_types_sellers_open())
    return render(
        request,
        "cases/portal/choose.html",
        {
            "case_types": case_types,
            "first_reply_hours": first_response_hours_by_code(case_types, _tier_of(request.user)),
        },
    )


def _case_type(code: str) -> CaseType:
    case_type = cases_selectors.case_types_sellers_open().filter(code=code).first()
    if case_type is None:
        raise NotFound(f"Unknown case type {code}.")
    return case_type


@seller_only
def support_form(request, type_code: str):
    case_type = _case_type(type_code)
    sellers = list(sellers_for(request.user).prefetch_related("sites").order_by("code"))
    values = {
        "seller": sellers[0].code if sellers else "",
        "site": "",
        "subject": "",
        "description": "",
        "language": request.user.language,
        # One key per form: a double submit or a retry opens one case, not two.
        "idempotency_key": uuid.uuid4().hex,
    }
    errors: dict[str, list[str]] = {}
    summary: list[dict[str, str]] = []
    status = 200
    attachment_ids: list[int] = []
    duplicate = None
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        evidence = {
            code: request.POST.get(f"fields.{code}", "")
            for code in intake.evidence_codes(case_type)
        }
        values.update({f"fields.{code}": value for code, value in evidence.items()})
        seller = next((s for s in sellers if s.code == values["seller"]), None)
        attachment_ids = intake.kept_ids(request)
        try:
            if seller is None:
                raise ValidationFailed(
                    "Choose a seller account.",
                    [FieldError("seller", "required", "choose a seller")],
                )
            ratelimits.case_create_check(request, request.user)
            uploaded, upload_errors = intake.upload_files(request, case_type, seller)
            attachment_ids += uploaded
            if upload_errors:
                raise ValidationFailed("Some files were refused.", upload_errors)
            case, _ = creation.case_create(
                actor=request.user,
                seller=seller,
                site=values["site"],
                case_type=case_type.code,
                subject=values["subject"],
                description=values["description"],
                language=values["language"],
                fields=evidence,
                attachments=attachment_ids,
                idempotency_key=values["idempotency_key"] or None,
                not_duplicate_of=_not_duplicate_of(request),
            )
        except ValidationFailed as exc:
            errors, summary = form_errors(exc)
            status = 422
        except (NotFound, Forbidden):
            raise
        except Conflict as exc:
            if "duplicate_of" not in exc.extra:
                raise
            # The same problem is already open: show it and offer to add this text to it.
            duplicate = cases_selectors.case_get_for(request.user, exc.extra["duplicate_of"])
            status = 409
        except DomainError as exc:
            flash_error(request, exc)
            status = exc.status
        else:
            messages.success(
                request,
                gettext("Case %(number)s was submitted to %(team)s.")
                % {"number": case.number, "team": _team_name(case)},
            )
            return redirect("portal-case", number=case.number)
    sites = sorted({site for seller in sellers for site in seller.sites.all()}, key=str)
    context = {
        "case_type": case_type,
        "first_reply_hours": first_response_hours_by_code([case_type], _tier_of(request.user))[
            case_type.code
        ],
        "sellers": sellers,
        "sites": sites,
        "values": values,
        "required": intake.evidence_inputs(case_type, values),
        "file_inputs": intake.file_inputs(case_type),
        "attachment_ids": attachment_ids,
        "errors": errors,
        "summary": summary,
        "duplicate": duplicate,
        "duplicate_text": f"{values['subject']}\n\n{values['description']}".strip(),
        "restriction": intake.restriction_for(request.user),
    }
    return render(request, "cases/portal/case_form.html", context, status=status)


def _not_duplicate_of(request) -> int | None:
    """The open case the seller said this one differs from ("This is a different problem")."""
    raw = request.POST.get("not_duplicate_of", "").strip().lstrip("#")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdecimal()):
        raise ValidationFailed(
            "Not a case number.",
            [FieldError("not_duplicate_of", "invalid", "not_duplicate_of must be a case number")],
        )
    return int(raw)


@require_POST
@seller_only
def support_check(request, type_code: str):
    """Live check of one evidence input as the seller leaves it (HTMX): the same pure checklist
    the service applies on submit, so the answer cannot disagree with the real one."""
    case_type = _case_type(type_code)
    name = request.htmx.trigger_name if request.htmx else request.POST.get("field", "")
    code = (name or "").removeprefix("fields.")
    if code not in intake.evidence_codes(case_type):
        raise NotFound(f"{type_code} does not ask for {code}.")
    value = request.POST.get(f"fields.{code}", "")
    required = [code] if code in case_type.required_fields else []
    problems = checklist.check_fields(
        required,
        checklist.normalise_fields({code: value}),
        english_min_words=settings.SELLERDESK["ENGLISH_EXPLANATION_MIN_WORDS"],
    )
    language = get_language()
    return render(
        request,
        "cases/portal/_field_feedback.html",
        {
            "field_errors": [labels.error_message(error, language) for error in problems],
            "id": f"id_fields_{code}",
            "value": value.strip(),
        },
    )


def _team_name(case: Case) -> str:
    zh = (get_language() or "").startswith("zh")
    return case.team.name_zh if zh else case.team.name_en


def _day(request, name: str, errors: dict[str, list[str]]) -> date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = [gettext("Enter a date as YYYY-MM-DD.")]
        return None


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` in the viewer's time zone (the dates they see on the page)."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def my_cases_filters(request) -> tuple[CaseFilters, dict[str, str], dict[str, list[str]]]:
    """The filters of My cases from the query string: (filters, the values to show in the
    form, errors by input). A filter with an error is left out, and the page says why."""
    errors: dict[str, list[str]] = {}
    values = {
        key: request.GET.get(key, "").strip()[:200]
        for key in ("q", "status", "case_type", "site", "from", "to")
    }
    if values["status"] not in MY_CASES_FILTERS:
        values["status"] = ""
    term = values["q"]
    # "#123" is how the portal writes a case number.
    if term.startswith("#") and term[1:].isascii() and term[1:].isdecimal():
        term = term[1:]
    day_from, day_to = _day(request, "from", errors), _day(request, "to", errors)
    if day_from and day_to and day_from > day_to:
        errors["to"] = [gettext("The end date is before the start date.")]
        day_to = None
    filters = CaseFilters(
        status=MY_CASES_FILTERS[values["status"]],
        q=term or None,
        case_type=values["case_type"] or None,
        site=values["site"] or None,
        created_from=_start_of(day_from) if day_from else None,
        created_before=_start_of(day_to + timedelta(days=1)) if day_to else None,
    )
    return filters, values, errors


@seller_only
def my_cases(request):
    filters, values, errors = my_cases_filters(request)
    page_size = settings.SELLERDESK["PAGE_SIZE"]
    try:
        rows, next_cursor = cases_selectors.case_list_for(
            request.user,
            filters,
            ordering="-created_at",
            cursor=request.GET.get("cursor") or None,
            limit=page_size,
        )
    except ValidationFailed:  # a stale or edited cursor: start from the first page
        rows, next_cursor = cases_selectors.case_list_for(
            request.user, filters, ordering="-created_at", limit=page_size
        )
    sellers = sellers_for(request.user).prefetch_related("sites")
    return render(
        request,
        "cases/portal/my_cases.html",
        {
            "cases": rows,
            "next_cursor": next_cursor,
            "status_key": values["status"],
            "values": values,
            "errors": errors,
            "filtered": any(values[k] for k in ("q", "case_type", "site", "from", "to")),
            "case_types": cases_selectors.case_types_active(),
            "sites": sorted({site.code for seller in sellers for site in seller.sites.all()}),
        },
    )


def _case_context(request, case: Case, **extra) -> dict:
    possible_at = escalation_possible_at(case) if case.escalated_at is None else None
    return {
        "case": case,
        "thread": cases_selectors.case_messages_for(request.user, case),
        "files": cases_selectors.case_attachments_for(request.user, case),
        "attachment_ids": [],
        "escalation_possible_at": possible_at,
        "can_escalate": possible_at is not None and possible_at <= timezone.now(),
        "errors": {},
        "body": "",
        **extra,
    }


def _render_case(request, case: Case, *, status: int = 200, **extra):
    template = "cases/portal/_case_body.html" if request.htmx else "cases/portal/case.html"
    return render(request, template, _case_context(request, case, **extra), status=status)


@signed_in
def case_detail(request, number: int):
    if not request.user.is_seller:
        return redirect("console-case", number=number)
    case = cases_selectors.case_get_for(request.user, number)
    return _render_case(request, case)


@require_POST
@seller_only
def case_reply(request, number: int):
    case = cases_selectors.case_get_for(request.user, number)
    body = request.POST.get("body", "")
    # Files of an earlier try of this form are kept, so the seller need not upload them again.
    attachment_ids = intake.kept_ids(request)
    try:
        uploaded, refused = message_files.upload_message_files(request, case, staff=False)
        attachment_ids += uploaded
        if refused:
            raise ValidationFailed("Some files were refused.", refused)
        cases.case_message_add(actor=request.user, case=case, body=body, attachments=attachment_ids)
    except (ValidationFailed, PayloadTooLarge) as exc:
        # HTMX swaps only 2xx answers; a plain form post gets the honest status.
        return _render_case(
            request,
            case,
            status=200 if request.htmx else exc.status,
            errors=message_files.message_form_errors(exc),
            body=body,
            attachment_ids=attachment_ids,
        )
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, gettext("Your reply was sent."))
    if request.htmx:
        return _render_case(request, cases_selectors.case_get_for(request.user, number))
    return redirect("portal-case", number=number)


@require_POST
@seller_only
def case_reopen(request, number: int):
    case = cases_selectors.case_get_for(request.user, number)
    try:
        cases.case_reopen(actor=request.user, case=case, reason=request.POST.get("reason", ""))
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, gettext("The case was reopened."))
    return redirect("portal-case", number=number)


@require_POST
@seller_only
def case_escalate(request, number: int):
    case = cases_selectors.case_get_for(request.user, number)
    try:
        escalation.case_escalate(
            actor=request.user, case=case, reason=request.POST.get("reason", "")
        )
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request, gettext("The case was escalated; a team lead will look at it first.")
        )
    return redirect("portal-case", number=number)
