"""Who hears about what happens on a case. Called by the case services inside their
transaction; the outbox delivers later."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sellerdesk.accounts.models import SellerMembership, User
from sellerdesk.notifications.services import notify

from .models import Case, Message

# Messages the system writes on a case, in the case's language (the catalogues hold the
# translations): kind → text with the context's placeholders.
SYSTEM_MESSAGES = {
    "case.merged": _("Case #%(merged)s was merged into this case."),
    "case.auto_closed": _(
        "This case was closed automatically after %(days)s days without activity since it "
        "was resolved. You can reopen it within %(window)s days of resolution if the problem "
        "remains."
    ),
}


def system_message(*, case: Case, kind: str, context: dict, now: datetime) -> Message:
    """A message from the system on ``case``, written in the case's language."""
    with translation.override(case.language or settings.LANGUAGE_CODE):
        body = str(SYSTEM_MESSAGES[kind]) % context
    return Message.objects.create(
        case=case,
        author_kind=Message.Author.SYSTEM,
        kind=Message.Kind.SYSTEM,
        body=body,
        created_at=now,
    )


def seller_recipients(case: Case) -> list[User]:
    """The member who opened the case and the seller's owners."""
    owners = User.objects.filter(
        seller_memberships__seller_id=case.seller_id,
        seller_memberships__role=SellerMembership.Role.OWNER,
    )
    people = [case.created_by] if case.created_by_id else []
    return people + [u for u in owners if u.pk != case.created_by_id]


def case_link(case: Case, *, for_seller: bool) -> str:
    return f"/cases/{case.number}" if for_seller else f"/console/cases/{case.number}"


def notice_for_message(case: Case, message: Message) -> None:
    if message.internal:
        return
    if message.author_kind == Message.Author.AGENT:
        kind = (
            "case.request_info" if message.kind == Message.Kind.REQUEST_INFO else "case.agent_reply"
        )
        notify(
            recipients=seller_recipients(case),
            kind=kind,
            context={"case": case, "message": message},
            link=case_link(case, for_seller=True),
            now=message.created_at,
        )
    elif message.author_kind == Message.Author.SELLER and case.assignee_id:
        notify(
            recipients=[case.assignee],
            kind="case.seller_reply",
            context={"case": case, "message": message},
            link=case_link(case, for_seller=False),
            now=message.created_at,
        )


def notice_resolved(case: Case, message: Message | None) -> None:
    notify(
        recipients=seller_recipients(case),
        kind="case.resolved",
        context={
            "case": case,
            "message": message,
            "reopen_days": settings.SELLERDESK["REOPEN_WINDOW_DAYS"],
        },
        link=case_link(case, for_seller=True),
        now=case.resolved_at,
    )
