"""The writers of the workspace: macros saved, deleted and applied. Applying a macro renders
it for the case and then calls the case services (a reply, a request for information, an
internal note, a resolution), which audit the case's change; the macro's use is audited too."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sellerdesk.accounts.models import Team, TeamMembership, User
from sellerdesk.audit.services import audit_record
from sellerdesk.cases import abuse, notices
from sellerdesk.cases import services as cases
from sellerdesk.cases.models import Case
from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed

from . import placeholders, selectors
from .models import Macro

MACRO_FIELDS = ("name", "body_en", "body_zh", "owner", "team", "action", "close_reason", "active")


def _values(macro: Macro) -> dict:
    return {
        "name": macro.name,
        "body_en": macro.body_en,
        "body_zh": macro.body_zh,
        "owner": macro.owner.email if macro.owner_id else None,
        "team": macro.team.code if macro.team_id else None,
        "action": macro.action,
        "close_reason": macro.close_reason,
        "active": macro.active,
    }


def _may_manage(actor: User, *, owner: User | None, team: Team | None) -> bool:
    if actor.is_operator:
        return True
    if team is not None:
        return actor.team_memberships.filter(team=team, role=TeamMembership.Role.LEAD).exists()
    return owner is not None and owner.pk == actor.pk and actor.is_agent


def macro_errors(
    *, name: str, body_en: str, body_zh: str, action: str, close_reason: str
) -> list[FieldError]:
    limit = settings.SELLERDESK["MAX_TEXT_LENGTH"]
    errors: list[FieldError] = []
    if not name.strip():
        errors.append(FieldError("name", "required", "name must not be empty"))
    elif len(name) > 120:
        errors.append(FieldError("name", "too_long", "name must be at most 120 characters"))
    if not body_en.strip():
        errors.append(FieldError("body_en", "required", "body_en must not be empty"))
    for field, text in (("body_en", body_en), ("body_zh", body_zh)):
        if len(text) > limit:
            errors.append(FieldError(field, "too_long", f"at most {limit} characters"))
        unknown = placeholders.unknown_placeholders(text)
        if unknown:
            errors.append(
                FieldError(
                    field,
                    "unknown_placeholder",
                    f"unknown placeholder {{{unknown[0]}}}; use "
                    + ", ".join(f"{{{p}}}" for p in placeholders.PLACEHOLDERS),
                )
            )
    if action not in Macro.Action.values:
        errors.append(FieldError("action", "invalid", f"one of {', '.join(Macro.Action.values)}"))
    if action == Macro.Action.RESOLVE and close_reason not in abuse.CLOSE_REASONS:
        errors.append(
            FieldError("close_reason", "invalid", f"one of {', '.join(abuse.CLOSE_REASONS)}")
        )
    return errors


@transaction.atomic
def macro_save(
    *,
    actor: User,
    macro: Macro | None = None,
    name: str,
    body_en: str,
    body_zh: str = "",
    team: Team | None = None,
    action: str = Macro.Action.NONE,
    close_reason: str = "",
    active: bool = True,
    now: datetime | None = None,
) -> Macro:
    """Create (``macro`` None) or change a macro. Without ``team`` it is the actor's personal
    macro; with one, a team's shared macro, which only the team's leads and operators may
    save. An existing macro keeps its owner or team unless ``team`` changes it."""
    now = now or timezone.now()
    name, body_en, body_zh = (name or "").strip(), (body_en or "").strip(), (body_zh or "").strip()
    close_reason = (close_reason or "").strip() if action == Macro.Action.RESOLVE else ""
    errors = macro_errors(
        name=name, body_en=body_en, body_zh=body_zh, action=action, close_reason=close_reason
    )
    if errors:
        raise ValidationFailed("The macro is incomplete or invalid.", errors)
    if macro is not None:
        macro = (
            Macro.objects.select_for_update(of=("self",))
            .select_related("owner", "team")
            .get(pk=macro.pk)
        )
        if not _may_manage(actor, owner=macro.owner, team=macro.team):
            raise Forbidden("You cannot change this macro.")
        before = _values(macro)
    else:
        macro, before = Macro(), {}
    owner = None if team is not None else (macro.owner if macro.pk and macro.owner else actor)
    if not _may_manage(actor, owner=owner, team=team):
        raise Forbidden("Only the team's leads and operators can share a macro with a team.")
    macro.name, macro.body_en, macro.body_zh = name, body_en, body_zh
    macro.owner, macro.team = owner, team
    macro.action, macro.close_reason, macro.active = action, close_reason, active
    created = macro.pk is None
    macro.save()
    after = _values(macro)
    keys = [key for key in after if before.get(key) != after[key]]
    if keys:
        audit_record(
            actor=actor,
            action="macro.created" if created else "macro.updated",
            obj=macro,
            before={key: before.get(key) for key in keys} if before else None,
            after={key: after[key] for key in keys},
            at=now,
        )
    return macro


@transaction.atomic
def macro_delete(*, actor: User, macro: Macro, now: datetime | None = None) -> None:
    now = now or timezone.now()
    macro = (
        Macro.objects.select_for_update(of=("self",))
        .select_related("owner", "team")
        .get(pk=macro.pk)
    )
    if not _may_manage(actor, owner=macro.owner, team=macro.team):
        raise Forbidden("You cannot delete this macro.")
    audit_record(actor=actor, action="macro.deleted", obj=macro, before=_values(macro), at=now)
    macro.delete()


def seller_time_zone(case: Case) -> str:
    """The time zone of the seller member who opened the case, else of an owner."""
    for person in notices.seller_recipients(case):
        if person is not None and person.is_seller and person.time_zone:
            return person.time_zone
    return settings.TIME_ZONE


def macro_render(macro: Macro, case: Case) -> str:
    """The macro's text for ``case``: in the case's language, with the seller's name, the case
    number and the first-response deadline in the seller's time zone."""
    values = {
        "seller_name": case.seller.name,
        "case_number": str(case.number),
        "first_response_due": placeholders.format_deadline(
            case.first_response_due_at, seller_time_zone(case)
        ),
    }
    return placeholders.render(macro.body_for(case.language), values)


@transaction.atomic
def macro_apply(
    *, actor: User, macro: Macro, case: Case, body: str | None = None, now: datetime | None = None
) -> Case:
    """Apply ``macro`` to ``case``: its text (``body``: as the agent edited it) goes out as
    the macro's action says, through the case services. Returns the case as it is after."""
    now = now or timezone.now()
    if not selectors.macros_for(actor).filter(pk=macro.pk).exists():
        raise Forbidden("You cannot use this macro.")
    text = body if (body or "").strip() else macro_render(macro, case)
    if macro.action == Macro.Action.RESOLVE:
        case = cases.case_resolve(
            actor=actor, case=case, body=text, close_reason=macro.close_reason, now=now
        )
    else:
        cases.case_message_add(
            actor=actor,
            case=case,
            body=text,
            internal=macro.action == Macro.Action.NOTE,
            request_info=macro.action == Macro.Action.REQUEST_INFO,
            now=now,
        )
        case.refresh_from_db()
    audit_record(
        actor=actor,
        action="macro.applied",
        obj=macro,
        case=case,
        after={"macro": macro.name, "action": macro.action, "edited": bool((body or "").strip())},
        internal=True,
        at=now,
    )
    return case
