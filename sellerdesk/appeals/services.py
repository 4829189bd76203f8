"""Writers of appeals on the seller's side: opening one against a cause, sending a new version
after the reviewers asked for more, and the self-service reading. An appeal reaches the
reviewers as a case of the appeal case type (Account Health, under the SLA engine), opened
through ``cases/opening.py`` like every case. The reviewers' side is ``review.py``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from sellerdesk.accounts.models import Seller, User
from sellerdesk.attachments.models import Attachment
from sellerdesk.audit.services import audit_record
from sellerdesk.cases import intake
from sellerdesk.cases.models import CaseType
from sellerdesk.cases.opening import case_open
from sellerdesk.cases.services import case_message_add
from sellerdesk.health import advice
from sellerdesk.health.models import AccountCause
from sellerdesk.health.selectors import seller_language, site_for
from sellerdesk.lib.errors import Conflict, FieldError, NotFound, ValidationFailed

from . import gate, quality
from .defaults import APPEAL_CASE_TYPE
from .evidence import EvidenceInput, carried_files, load_evidence
from .findings import StoredFinding, finding_dict, refuse_if_blocking
from .models import Appeal, AppealEvidence, AppealVersion
from .selectors import (
    appeal_link,
    guide_articles,
    kinds_of_cause,
    rejected_drafts_for,
    requirements_for,
    requirements_plain,
)
from .template import template_texts

MAX_SECTION_LENGTH = 20_000


def _check_sections(draft: quality.Draft, draft_zh: dict) -> list[FieldError]:
    errors = []
    for name in quality.SECTIONS:
        for prefix, value in (("", getattr(draft, name)), ("draft_zh.", draft_zh.get(name, ""))):
            if len(value or "") > MAX_SECTION_LENGTH:
                errors.append(
                    FieldError(prefix + name, "too_long", f"at most {MAX_SECTION_LENGTH} chars")
                )
    unknown = set(draft_zh) - set(quality.SECTIONS)
    errors += [FieldError(f"draft_zh.{k}", "unknown_field", "not a section") for k in unknown]
    return errors


def _run_check(
    appeal_cause: AccountCause,
    cause_kinds: list[str],
    draft: quality.Draft,
    evidence: list[tuple[EvidenceInput, Attachment]],
    today: date,
) -> list[quality.Finding]:
    return quality.check(
        draft,
        requirements=requirements_plain(cause_kinds),
        evidence=[
            quality.Evidence(
                requirement=item.requirement,
                filename=attachment.filename,
                document_date=item.document_date,
                supplier_name=item.supplier_name.strip(),
                supplier_address=item.supplier_address.strip(),
            )
            for item, attachment in evidence
        ],
        template_texts=template_texts(),
        rejected_drafts=rejected_drafts_for(appeal_cause),
        today=today,
    )


def appeal_check(
    *,
    actor: User,
    cause: AccountCause,
    draft: quality.Draft,
    evidence: Sequence[EvidenceInput] = (),
    appeal: Appeal | None = None,
    now: datetime | None = None,
) -> list[quality.Finding]:
    """The quality check alone, as the form runs it live: nothing is written. Text past the
    sections' length limit is refused first, as sending it would be."""
    now = now or timezone.now()
    _require_member(actor, cause.seller)
    errors = _check_sections(draft, {})
    if errors:
        raise ValidationFailed("The plan of action is too long.", errors)
    cause_kinds = appeal.cause_kinds if appeal else kinds_of_cause(cause)
    carried = carried_files(appeal) if appeal else {}
    rows, _errors = load_evidence(
        cause.seller,
        evidence,
        {r.code for r in requirements_for(cause_kinds)},
        carried=carried,
    )
    return _run_check(cause, cause_kinds, draft, rows, now.date())


def _require_member(actor: User, seller: Seller) -> None:
    if not (actor.is_seller and actor.seller_memberships.filter(seller=seller).exists()):
        raise NotFound("No such account cause.")


def _resolve_cause(seller: Seller, *, cause_id: int | None, reason_code: str) -> AccountCause:
    causes = AccountCause.objects.select_for_update().filter(seller=seller)
    if cause_id is not None:
        cause = causes.filter(pk=cause_id).first()
        if cause is None:
            raise NotFound("No such account cause.")
    else:
        matching = list(causes.filter(reason_code=reason_code, lifted_at__isnull=True))
        if not matching:
            raise ValidationFailed(
                "No active cause of the account has this reason code.",
                [FieldError("reason_code", "unknown", "no active cause with this reason code")],
            )
        if len(matching) > 1:
            raise ValidationFailed(
                "More than one active cause has this reason code: name the cause.",
                [FieldError("cause", "ambiguous", "give the cause id from the account status")],
            )
        cause = matching[0]
    if cause.lifted_at is not None:
        raise Conflict("This cause was lifted already.", extra={"cause": cause.pk})
    if not cause.appealable:
        raise Conflict("This cause cannot be appealed.", extra={"cause": cause.pk})
    return cause


def _open_conflict(open_appeal: Appeal) -> Conflict:
    return Conflict(
        "An appeal for this cause is already open; add to it instead of appealing again.",
        extra={"appeal": open_appeal.pk, "link": appeal_link(open_appeal)},
    )


def _save_version(
    appeal: Appeal,
    *,
    actor: User,
    draft: quality.Draft,
    draft_zh: dict,
    evidence: list[tuple[EvidenceInput, Attachment]],
    findings: list[quality.Finding],
    now: datetime,
) -> AppealVersion:
    number = (appeal.versions.order_by("-number").values_list("number", flat=True).first()) or 0
    version = AppealVersion.objects.create(
        appeal=appeal,
        number=number + 1,
        root_cause=draft.root_cause.strip(),
        corrective_actions=draft.corrective_actions.strip(),
        preventive_measures=draft.preventive_measures.strip(),
        draft_zh={k: v.strip() for k, v in draft_zh.items() if (v or "").strip()},
        findings=[finding_dict(f) for f in findings],
        created_by=actor,
        created_at=now,
    )
    AppealEvidence.objects.bulk_create(
        AppealEvidence(
            version=version,
            attachment=attachment,
            requirement=item.requirement,
            document_date=item.document_date,
            supplier_name=item.supplier_name.strip(),
            supplier_address=item.supplier_address.strip(),
        )
        for item, attachment in evidence
    )
    return version


def steps_left(appeal: Appeal, version: AppealVersion | None = None) -> list[gate.Step]:
    """The self-service steps the seller must still do (none unless the automated review
    opened the cause)."""
    version = version or appeal.versions.order_by("-number").first()
    articles, required = guide_articles(appeal.cause_kinds)
    return gate.missing_steps(
        automated_review=appeal.cause.kind == AccountCause.Kind.REVIEW,
        required_articles=articles if required else [],
        readings=appeal.readings,
        evidence_findings=[StoredFinding(**f) for f in (version.findings if version else [])],
    )


def _to_review(appeal: Appeal, version: AppealVersion, *, actor: User, now: datetime) -> None:
    """The appeal reaches the reviewers: its case is opened, its files go onto the case."""
    code, name_en, _zh, *_rest = APPEAL_CASE_TYPE
    case_type = CaseType.objects.select_related("team").filter(code=code).first()
    if case_type is None:
        raise Conflict(f"The appeal case type {code!r} is missing; an operator must restore it.")
    cause = appeal.cause
    site = site_for(cause.seller, cause.marketplace)
    if site is None:
        raise Conflict("The seller sells on no active site; the appeal cannot be routed.")
    language = seller_language(appeal.seller)
    with translation.override(language):
        reason = str(advice.label(advice.REASON_LABELS, cause.reason_code))
        subject = translation.gettext("Appeal: %(reason)s · %(seller)s") % {
            "reason": reason,
            "seller": appeal.seller.code,
        }
    files = [row.attachment for row in version.evidence.select_related("attachment")]
    case = case_open(
        seller=appeal.seller,
        site=site,
        case_type=case_type,
        subject=subject[:500],
        description=version_text(version),
        language=language,
        # Case fields are text (the case resource shows them as strings).
        fields={"appeal": str(appeal.pk), "cause": str(cause.pk)},
        created_by=actor,
        now=now,
        audit_after={
            "appeal": appeal.pk,
            "cause": cause.pk,
            "attachments": [f.pk for f in files],
        },
    )
    intake.attach(case, [f for f in files if f.case_id is None], {})
    before = appeal.status
    appeal.case, appeal.status = case, Appeal.Status.IN_REVIEW
    appeal.submitted_at = appeal.submitted_at or now
    appeal.updated_at = now
    appeal.save(update_fields=["case", "status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="appeal.submitted",
        obj=appeal,
        case=case,
        before={"status": before},
        after={"status": appeal.status, "case": case.number, "version": version.number},
        at=now,
    )


def version_text(version: AppealVersion) -> str:
    """The plan of action as the reviewers read it in the case (English sections)."""
    parts = []
    with translation.override("en"):
        for name, title in (
            ("root_cause", "Root cause"),
            ("corrective_actions", "Corrective actions taken"),
            ("preventive_measures", "Preventive measures"),
        ):
            parts.append(f"{title}:\n{getattr(version, name)}")
    return f"Plan of action, version {version.number}\n\n" + "\n\n".join(parts)


def appeal_open(
    *,
    actor: User,
    seller: Seller,
    draft: quality.Draft,
    cause_id: int | None = None,
    reason_code: str = "",
    draft_zh: dict | None = None,
    evidence: Sequence[EvidenceInput] = (),
    now: datetime | None = None,
) -> tuple[Appeal, list[quality.Finding]]:
    """A seller appeals a cause with a plan of action. Refused when the check finds a missing
    section or missing required evidence (422, one error per finding), or when the cause has
    an open appeal already (409 naming it). Returns the appeal and the check's warnings."""
    now = now or timezone.now()
    draft_zh = dict(draft_zh or {})
    _require_member(actor, seller)
    if cause_id is None and not (reason_code or "").strip():
        raise ValidationFailed(
            "Name the cause: its id or its reason code.",
            [FieldError("cause", "required", "cause or reason_code is required")],
        )
    errors = _check_sections(draft, draft_zh)
    if errors:
        raise ValidationFailed("The plan of action is too long.", errors)
    try:
        with transaction.atomic():
            cause = _resolve_cause(seller, cause_id=cause_id, reason_code=reason_code.strip())
            open_appeal = cause.appeals.filter(status__in=Appeal.OPEN).first()
            if open_appeal is not None:
                raise _open_conflict(open_appeal)
            cause_kinds = kinds_of_cause(cause)
            requirement_codes = {r.code for r in requirements_for(cause_kinds)}
            rows, errors = load_evidence(seller, evidence, requirement_codes, carried={})
            if errors:
                raise ValidationFailed("Some evidence cannot be used.", errors)
            findings = _run_check(cause, cause_kinds, draft, rows, now.date())
            refuse_if_blocking(findings)
            appeal = Appeal.objects.create(
                seller=seller,
                cause=cause,
                cause_kinds=cause_kinds,
                status=Appeal.Status.SELF_SERVICE,
                created_by=actor,
                created_at=now,
                updated_at=now,
            )
            version = _save_version(
                appeal,
                actor=actor,
                draft=draft,
                draft_zh=draft_zh,
                evidence=rows,
                findings=findings,
                now=now,
            )
            audit_record(
                actor=actor,
                action="appeal.opened",
                obj=appeal,
                after={
                    "seller": seller.code,
                    "cause": cause.pk,
                    "reason_code": cause.reason_code,
                    "version": version.number,
                    "evidence": [a.pk for _i, a in rows],
                    "warnings": [f.code for f in findings],
                },
                at=now,
            )
            if not steps_left(appeal, version):
                _to_review(appeal, version, actor=actor, now=now)
    except IntegrityError:
        # Another request opened an appeal for this cause between our look and our insert.
        open_appeal = (
            Appeal.objects.filter(cause_id=cause_id or 0, status__in=Appeal.OPEN).first()
            or Appeal.objects.filter(
                seller=seller, cause__reason_code=reason_code, status__in=Appeal.OPEN
            ).first()
        )
        if open_appeal is None:
            raise
        raise _open_conflict(open_appeal) from None
    return appeal, [f for f in findings if not f.blocking]


def _require_cause_active(appeal: Appeal) -> None:
    """An operator lifted the cause meanwhile: there is nothing left to send (the reviewers
    can still close the appeal by accepting it)."""
    if appeal.cause.lifted_at is not None:
        raise Conflict(
            "The cause was lifted already: there is nothing left to appeal.",
            extra={"cause": appeal.cause_id, "lifted_at": appeal.cause.lifted_at.isoformat()},
        )


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().select_related("cause", "seller").get(pk=appeal.pk)


def appeal_revise(
    *,
    actor: User,
    appeal: Appeal,
    draft: quality.Draft,
    draft_zh: dict | None = None,
    evidence: Sequence[EvidenceInput] = (),
    now: datetime | None = None,
) -> tuple[AppealVersion, list[quality.Finding]]:
    """A new version of the plan of action: while the self-service steps are open, or after
    the reviewers asked for more information (the case's clock runs again). Earlier versions
    stay as they were."""
    now = now or timezone.now()
    draft_zh = dict(draft_zh or {})
    _require_member(actor, appeal.seller)
    errors = _check_sections(draft, draft_zh)
    if errors:
        raise ValidationFailed("The plan of action is too long.", errors)
    with transaction.atomic():
        appeal = _locked(appeal)
        _require_cause_active(appeal)
        if appeal.status not in (Appeal.Status.SELF_SERVICE, Appeal.Status.INFO_REQUESTED):
            raise Conflict(
                "This appeal cannot be changed now: it is in review or decided.",
                extra={"status": appeal.status},
            )
        carried = carried_files(appeal)
        requirement_codes = {r.code for r in requirements_for(appeal.cause_kinds)}
        rows, errors = load_evidence(appeal.seller, evidence, requirement_codes, carried=carried)
        if errors:
            raise ValidationFailed("Some evidence cannot be used.", errors)
        findings = _run_check(appeal.cause, appeal.cause_kinds, draft, rows, now.date())
        refuse_if_blocking(findings)
        version = _save_version(
            appeal,
            actor=actor,
            draft=draft,
            draft_zh=draft_zh,
            evidence=rows,
            findings=findings,
            now=now,
        )
        audit_record(
            actor=actor,
            action="appeal.revised",
            obj=appeal,
            case=appeal.case,
            after={
                "version": version.number,
                "evidence": [a.pk for _i, a in rows],
                "warnings": [f.code for f in findings],
            },
            at=now,
        )
        if appeal.status == Appeal.Status.INFO_REQUESTED:
            new_files = [a.pk for _i, a in rows if a.case_id is None]
            with translation.override(appeal.case.language or "en"):
                body = translation.gettext(
                    "Version %(number)s of the plan of action was sent.\n\n%(text)s"
                ) % {"number": version.number, "text": version_text(version)}
            case_message_add(
                actor=actor,
                case=appeal.case,
                body=body,
                attachments=new_files,
                by_workflow=True,
                now=now,
            )
            appeal.status, appeal.updated_at = Appeal.Status.IN_REVIEW, now
            appeal.save(update_fields=["status", "updated_at"])
            audit_record(
                actor=actor,
                action="appeal.resubmitted",
                obj=appeal,
                case=appeal.case,
                before={"status": Appeal.Status.INFO_REQUESTED},
                after={"status": appeal.status, "version": version.number},
                at=now,
            )
        elif not steps_left(appeal, version):
            _to_review(appeal, version, actor=actor, now=now)
    return version, [f for f in findings if not f.blocking]


def appeal_reading_record(
    *, actor: User, appeal: Appeal, article: str, now: datetime | None = None
) -> Appeal:
    """The seller opened one of the appeal's articles from the appeal page; when that was the
    last self-service step, the appeal reaches the reviewers."""
    now = now or timezone.now()
    _require_member(actor, appeal.seller)
    with transaction.atomic():
        appeal = _locked(appeal)
        _require_cause_active(appeal)
        articles, _required = guide_articles(appeal.cause_kinds)
        if article not in articles:
            raise NotFound("This article is not part of the appeal's guidance.")
        if article in appeal.readings:
            return appeal
        appeal.readings = {**appeal.readings, article: now.isoformat()}
        appeal.updated_at = now
        appeal.save(update_fields=["readings", "updated_at"])
        audit_record(
            actor=actor,
            action="appeal.article_read",
            obj=appeal,
            after={"article": article},
            at=now,
        )
        if appeal.status == Appeal.Status.SELF_SERVICE:
            version = appeal.versions.order_by("-number").first()
            if version is not None and not steps_left(appeal, version):
                _to_review(appeal, version, actor=actor, now=now)
    return appeal
