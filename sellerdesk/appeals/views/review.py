"""The reviewers' appeal pages (the Account Health team and operators): the queue, and one
page with everything a decision needs — the cause, the seller's health history, the latest
plan against the one before, the files, the check's findings, the seller's earlier appeals —
and the three decisions. Anyone else on the staff gets 403; an appeal they cannot see is 404."""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from sellerdesk.health import advice
from sellerdesk.health.causes import cause_words
from sellerdesk.lib.errors import DomainError
from sellerdesk.lib.views import flash_error, staff_only

from .. import quality, review, selectors
from ..models import Appeal
from . import forms
from .seller import _decisions

QUEUE_SIZE = 200


def _reviewer(request) -> None:
    if not selectors.is_reviewer(request.user):
        raise PermissionDenied


@staff_only
def queue(request):
    _reviewer(request)
    status = request.GET.get("status", "in_review")
    statuses = dict(Appeal.Status.choices)
    qs = selectors.appeals_visible_to(request.user)
    if status == "open":
        qs = qs.filter(status__in=Appeal.OPEN)
    elif status in statuses:
        qs = qs.filter(status=status)
    else:
        status = ""
    appeals = list(qs.order_by("submitted_at", "created_at")[:QUEUE_SIZE])
    rows = [{"appeal": a, **cause_words(a.cause)} for a in appeals]
    return render(
        request,
        "appeals/console/queue.html",
        {"rows": rows, "status": status, "statuses": Appeal.Status.choices},
    )


def _diff(before, after) -> list[dict]:
    """Per section: the lines of ``after`` against ``before``, each added, removed or kept."""
    out = []
    for name in quality.SECTIONS:
        old = getattr(before, name).splitlines() if before else []
        new = getattr(after, name).splitlines()
        lines = []
        for line in difflib.ndiff(old, new):
            tag, text = line[:1], line[2:]
            if tag == "?":
                continue
            kind = {"+": "added", "-": "removed"}.get(tag, "same")
            lines.append({"kind": kind, "text": text})
        out.append({"label": forms.SECTION_LABELS[name], "lines": lines})
    return out


@staff_only
def review_page(request, appeal_id: int):
    _reviewer(request)
    context = selectors.review_context(request.user, appeal_id)
    appeal = context.appeal
    versions = list(appeal.versions.all())
    shown = versions[-1] if versions else None
    raw = request.GET.get("v", "")
    if raw.isascii() and raw.isdecimal():
        shown = next((v for v in versions if v.number == int(raw)), shown)
    previous = next((v for v in versions if shown and v.number == shown.number - 1), None)
    requirements = selectors.requirements_for(appeal.cause_kinds)
    requirement_labels = {r.code: r.label for r in requirements}
    snapshots = [
        {"snapshot": s, "band_label": advice.label(advice.BAND_LABELS, s.band)}
        for s in context.snapshots
    ]
    return render(
        request,
        "appeals/console/review.html",
        {
            "appeal": appeal,
            "cause": appeal.cause,
            **cause_words(appeal.cause),
            "snapshots": snapshots,
            "earlier": [{"appeal": a, **cause_words(a.cause)} for a in context.earlier],
            "versions": versions,
            "shown": shown,
            "previous": previous,
            "diff": _diff(previous, shown) if shown else [],
            "findings": forms.findings_for_display(shown.findings, requirements) if shown else [],
            "evidence": [
                {"row": e, "label": requirement_labels.get(e.requirement, e.requirement)}
                for e in (shown.evidence.all() if shown else [])
            ],
            "decisions": _decisions(appeal),
            "reasons": selectors.rejection_reasons(),
            "can_decide": appeal.status == Appeal.Status.IN_REVIEW,
        },
    )


def _decide(request, appeal_id: int, action, done: str, **kwargs):
    _reviewer(request)
    appeal = selectors.appeal_get_for(request.user, appeal_id)
    try:
        action(actor=request.user, appeal=appeal, **kwargs)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("console-appeal", appeal_id=appeal_id)


@require_POST
@staff_only
def accept(request, appeal_id: int):
    return _decide(
        request,
        appeal_id,
        review.appeal_accept,
        gettext("The appeal was accepted and the cause lifted."),
        text=request.POST.get("text", ""),
    )


@require_POST
@staff_only
def reject(request, appeal_id: int):
    return _decide(
        request,
        appeal_id,
        review.appeal_reject,
        gettext("The appeal was rejected."),
        reasons=request.POST.getlist("reasons"),
        text=request.POST.get("text", ""),
    )


@require_POST
@staff_only
def request_info(request, appeal_id: int):
    return _decide(
        request,
        appeal_id,
        review.appeal_request_info,
        gettext("The seller was asked for more information."),
        text=request.POST.get("text", ""),
    )
