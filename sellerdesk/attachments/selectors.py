"""Which attachments a user may see: those of cases they may see, and their own sellers'
uploads not yet attached. Anything else is "not found" (404), never "forbidden"."""

from __future__ import annotations

from sellerdesk.accounts.models import User
from sellerdesk.cases.selectors import cases_visible_to
from sellerdesk.lib.errors import NotFound

from .models import Attachment


def attachment_get_for(user: User, attachment_id: int | str) -> Attachment:
    try:
        attachment_id = int(attachment_id)
    except (TypeError, ValueError):
        raise NotFound("No such attachment.") from None
    row = Attachment.objects.select_related("case", "seller").filter(pk=attachment_id).first()
    if row is None:
        raise NotFound("No such attachment.")
    if row.case_id is not None:
        if cases_visible_to(user).filter(pk=row.case_id).exists():
            return row
    elif user.is_seller and user.seller_memberships.filter(seller_id=row.seller_id).exists():
        return row
    raise NotFound("No such attachment.")
