"""Demo appeal: the restricted demo seller (Hangzhou Bright, late shipments) has appealed its
restriction with a plan of action and a report of the late orders, and the Account Health team
has sent it back asking for the carrier's scan records, so a new user sees an appeal waiting on
the seller (and the review page with its history) at once. Made through the services, back-dated.
Idempotent: nothing is done once the seller has an appeal."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.attachments.services import attachment_upload
from sellerdesk.health.models import AccountCause

from . import review, selectors, services
from .models import Appeal
from .quality import Draft

SELLER = "A7HZBRIGHT"

POA = Draft(
    root_cause=(
        "Our late shipment rate on the US site rose above 4% in the last 10 days because our "
        "Hangzhou warehouse confirmed shipments only after the carrier's evening pickup. Orders "
        "such as 113-2045518-7731042 were handed over on time but confirmed one day after their "
        "ship-by date."
    ),
    corrective_actions=(
        "We have changed the warehouse system so that each shipment is confirmed when the label "
        "is printed. We have confirmed all open orders and contacted the buyers of the late "
        "orders."
    ),
    preventive_measures=(
        "- Our warehouse manager checks the ship-by report every morning before the first "
        "pickup.\n"
        "- Our operations lead reviews the late shipment rate every Monday and adds packers "
        "before each holiday."
    ),
)

LATE_ORDER_IDS = ("113-2045518-7731042", "113-7719023-4410251", "113-5520194-9023318")


def late_orders_csv(before: datetime) -> bytes:
    """The report the seller attaches: each late order's ship-by date and the day after, when
    the shipment was confirmed (dates counted back from the appeal)."""
    lines = ["order_id,marketplace,ship_by,shipment_confirmed,carrier,tracking_id"]
    for back, order_id in enumerate(LATE_ORDER_IDS, start=3):
        ship_by = (before - timedelta(days=back)).date()
        confirmed = ship_by + timedelta(days=1)
        lines.append(f"{order_id},US,{ship_by},{confirmed},UPS,1Z999AA1012345{6784 + back}")
    return ("\n".join(lines) + "\n").encode()


REQUEST = (
    "Thank you for the plan of action. Please add the carrier's pickup scan records for the "
    "orders in your report, showing that the parcels were handed over before their ship-by "
    "dates."
)


def load(users: dict[str, User], now: datetime | None = None) -> Appeal | None:
    now = now or timezone.now()
    if Appeal.objects.filter(seller__code=SELLER).exists():
        return None
    cause = (
        AccountCause.objects.filter(seller__code=SELLER, lifted_at__isnull=True, appealable=True)
        .order_by("since")
        .first()
    )
    if cause is None:
        return None
    seller_user, reviewer = users["seller2_owner"], users["agent_account_health"]
    sent_at = max(cause.since, now - timedelta(days=2)) + timedelta(minutes=5)
    report = attachment_upload(
        actor=seller_user,
        seller=cause.seller,
        upload=SimpleUploadedFile("late-orders.csv", late_orders_csv(sent_at)),
        now=sent_at,
    )
    required = [r.code for r in selectors.requirements_for(selectors.kinds_of_cause(cause))]
    requirement = required[0] if required else "defect_orders"
    appeal, _warnings = services.appeal_open(
        actor=seller_user,
        seller=cause.seller,
        cause_id=cause.pk,
        draft=POA,
        evidence=[services.EvidenceInput(report.pk, requirement)],
        now=sent_at,
    )
    appeal.refresh_from_db()
    if appeal.status == Appeal.Status.IN_REVIEW:
        review.appeal_request_info(
            actor=reviewer,
            appeal=appeal,
            text=REQUEST,
            now=min(now, sent_at + timedelta(hours=20)),
        )
    return appeal
