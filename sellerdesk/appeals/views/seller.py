"""The seller's appeal pages: open an appeal against a cause (with the live quality check),
my appeals, one appeal (its steps, decisions, versions and files) and a new version of it.
Thin: read through the selectors, write through the services, errors next to the form."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from sellerdesk.attachments.views import file_response
from sellerdesk.health.causes import cause_words
from sellerdesk.lib.errors import Conflict, DomainError, NotFound, ValidationFailed
from sellerdesk.lib.views import flash_error, seller_only, signed_in

from .. import gate, selectors, services
from ..models import Appeal, RejectionReason
from . import forms


def _guides(cause_kinds: list[str]) -> tuple[list, bool]:
    keys, required = selectors.guide_articles(cause_kinds)
    return selectors.guide_links(keys), required


# --- my appeals ---------------------------------------------------------------------------


@seller_only
def appeal_list(request):
    appeals = list(selectors.appeals_visible_to(request.user).order_by("-created_at")[:100])
    rows = [{"appeal": a, **cause_words(a.cause)} for a in appeals]
    return render(request, "appeals/list.html", {"rows": rows})


# --- a new appeal --------------------------------------------------------------------------


def _new_context(request, cause, form: forms.PlanForm, **extra) -> dict:
    cause_kinds = selectors.kinds_of_cause(cause)
    guides, reading_required = _guides(cause_kinds)
    return {
        "cause": cause,
        **cause_words(cause),
        "guides": guides,
        "reading_required": reading_required and cause.kind == "review",
        "form": form,
        **extra,
    }


@seller_only
def appeal_new(request, cause_id: int):
    cause = selectors.cause_for_seller(request.user, cause_id)
    open_appeal = selectors.open_appeals_by_cause(cause.seller).get(cause.pk)
    if cause.lifted_at is not None or not cause.appealable:
        raise NotFound("This cause cannot be appealed.")
    requirements = selectors.requirements_for(selectors.kinds_of_cause(cause))
    status, findings, refused = 200, [], False
    if request.method != "POST":
        form = forms.blank_form(requirements)
        return render(
            request,
            "appeals/new.html",
            _new_context(request, cause, form, open_appeal=open_appeal, findings=[]),
        )
    form = forms.read_form(request, requirements, seller=cause.seller, usable={}, upload=True)
    try:
        forms.refuse_if_invalid(form)
        appeal, warnings = services.appeal_open(
            actor=request.user,
            seller=cause.seller,
            draft=form.draft,
            cause_id=cause.pk,
            draft_zh=form.draft_zh,
            evidence=form.evidence,
        )
    except ValidationFailed as exc:
        forms.attach_errors(form, exc)
        findings = forms.findings_for_display(exc.extra.get("findings", []), requirements)
        status = 422
        refused = True
    except Conflict as exc:
        if "appeal" not in exc.extra:
            flash_error(request, exc)
            return redirect("health-status", code=cause.seller.code)
        open_appeal = Appeal.objects.filter(pk=exc.extra["appeal"]).first()
        status = 409
    except NotFound:
        raise
    except DomainError as exc:
        flash_error(request, exc)
        status = exc.status
    else:
        if appeal.status == Appeal.Status.IN_REVIEW:
            messages.success(
                request, gettext("Your appeal was sent to the Account Health team for review.")
            )
        else:
            messages.success(
                request,
                gettext("Your appeal was saved. Finish the steps below to send it for review."),
            )
        return redirect("appeal", appeal_id=appeal.pk)
    return render(
        request,
        "appeals/new.html",
        _new_context(
            request, cause, form, open_appeal=open_appeal, findings=findings, refused=refused
        ),
        status=status,
    )


def _live_findings(request, cause, form: forms.PlanForm, requirements, appeal=None):
    try:
        findings = services.appeal_check(
            actor=request.user,
            cause=cause,
            draft=form.draft,
            evidence=form.evidence,
            appeal=appeal,
        )
    except ValidationFailed as exc:  # a section past its length limit: say so, check nothing
        return render(
            request,
            "appeals/_findings_refused.html",
            {"limit": services.MAX_SECTION_LENGTH, "fields": [e.field for e in exc.errors]},
        )
    return render(
        request,
        "appeals/_findings.html",
        {
            "findings": forms.findings_for_display(findings, requirements, live=True),
            "live": True,
        },
    )


@require_POST
@seller_only
def appeal_new_check(request, cause_id: int):
    """The live quality check of the new-appeal form (htmx): nothing is stored."""
    cause = selectors.cause_for_seller(request.user, cause_id)
    requirements = selectors.requirements_for(selectors.kinds_of_cause(cause))
    form = forms.read_form(request, requirements, seller=cause.seller, usable={}, upload=False)
    return _live_findings(request, cause, form, requirements)


# --- one appeal -------------------------------------------------------------------------------


def _steps(appeal: Appeal, versions, guides) -> list[dict]:
    titles = {}
    language = get_language() or "en"
    for guide in guides:
        pk_title = guide.languages.get(language) or next(iter(guide.languages.values()))
        titles[guide.key] = pk_title[1]
    requirement_labels = {r.code: r.label for r in selectors.requirements_for(appeal.cause_kinds)}
    latest = versions[-1] if versions else None
    out = []
    for step in services.steps_left(appeal, latest):
        if step.kind == gate.READ:
            out.append({"kind": "read", "key": step.key, "title": titles.get(step.key, step.key)})
        else:
            out.append(
                {
                    "kind": "evidence",
                    "label": requirement_labels.get(step.key, step.key),
                    "detail": step.detail,
                }
            )
    return out


def _decisions(appeal: Appeal) -> list[dict]:
    labels = {r.code: r.label for r in RejectionReason.objects.all()}
    return [
        {"decision": d, "reasons": [labels.get(code, code) for code in d.reasons]}
        for d in appeal.decisions.all()
    ]


def _appeal_context(request, appeal: Appeal, form: forms.PlanForm | None = None, **extra):
    versions = list(appeal.versions.all())
    requirements = selectors.requirements_for(appeal.cause_kinds)
    guides, _required = _guides(appeal.cause_kinds)
    can_revise = appeal.status in (Appeal.Status.SELF_SERVICE, Appeal.Status.INFO_REQUESTED)
    if can_revise and form is None:
        form = forms.blank_form(requirements, versions[-1] if versions else None)
    requirement_labels = {r.code: r.label for r in requirements}
    return {
        "appeal": appeal,
        "cause": appeal.cause,
        **cause_words(appeal.cause),
        "steps": _steps(appeal, versions, guides),
        "guides": guides,
        "decisions": _decisions(appeal),
        "versions": [
            {
                "version": v,
                "findings": forms.findings_for_display(v.findings, requirements),
                "evidence": [
                    {"row": e, "label": requirement_labels.get(e.requirement, e.requirement)}
                    for e in v.evidence.all()
                ],
            }
            for v in reversed(versions)
        ],
        "can_revise": can_revise,
        "form": form,
        "findings": extra.pop("findings", []),
        **extra,
    }


@seller_only
def appeal_detail(request, appeal_id: int):
    appeal = selectors.appeal_get_for(request.user, appeal_id)
    return render(request, "appeals/appeal.html", _appeal_context(request, appeal))


@require_POST
@seller_only
def appeal_revise(request, appeal_id: int):
    appeal = selectors.appeal_get_for(request.user, appeal_id)
    requirements = selectors.requirements_for(appeal.cause_kinds)
    usable = forms.usable_files(request.user, appeal.versions.all())
    form = forms.read_form(request, requirements, seller=appeal.seller, usable=usable, upload=True)
    try:
        forms.refuse_if_invalid(form)
        version, _warnings = services.appeal_revise(
            actor=request.user,
            appeal=appeal,
            draft=form.draft,
            draft_zh=form.draft_zh,
            evidence=form.evidence,
        )
    except ValidationFailed as exc:
        forms.attach_errors(form, exc)
        findings = forms.findings_for_display(exc.extra.get("findings", []), requirements)
        context = _appeal_context(request, appeal, form, findings=findings, refused=True)
        return render(request, "appeals/appeal.html", context, status=422)
    except NotFound:
        raise
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            gettext("Version %(number)s of your plan of action was sent.")
            % {"number": version.number},
        )
    return redirect("appeal", appeal_id=appeal.pk)


@require_POST
@seller_only
def appeal_revise_check(request, appeal_id: int):
    """The live quality check of a new version (htmx): nothing is stored."""
    appeal = selectors.appeal_get_for(request.user, appeal_id)
    requirements = selectors.requirements_for(appeal.cause_kinds)
    usable = forms.usable_files(request.user, appeal.versions.all())
    form = forms.read_form(request, requirements, seller=appeal.seller, usable=usable, upload=False)
    return _live_findings(request, appeal.cause, form, requirements, appeal=appeal)


@require_POST
@seller_only
def appeal_read(request, appeal_id: int, key: str):
    """The seller opens one of the appeal's guide articles: recorded (a self-service step),
    then on to the article in their language."""
    appeal = selectors.appeal_get_for(request.user, appeal_id)
    try:
        services.appeal_reading_record(actor=request.user, appeal=appeal, article=key)
    except NotFound:
        raise
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("appeal", appeal_id=appeal.pk)
    article = selectors.article_for_reading(key, get_language() or "en")
    if article is None:
        return redirect("appeal", appeal_id=appeal.pk)
    return redirect("kb-article", pk=article.pk)


@signed_in
def evidence_download(request, appeal_id: int, evidence_id: int) -> HttpResponse:
    """One file of an appeal, for its seller and the reviewers (404 for anyone else)."""
    row = selectors.evidence_get_for(request.user, appeal_id, evidence_id)
    return file_response(row.attachment, preview=request.GET.get("preview") == "1")
