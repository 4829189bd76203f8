"""The only writers of ratings and survey invitations. Each function is one transaction and
leaves one audit event per state change; the events are internal (staff read them in the case
history), as ratings are the team's to read."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from sellerdesk.accounts.models import SellerMembership, User
from sellerdesk.audit.services import audit_record
from sellerdesk.cases.deadlines import team_leads
from sellerdesk.cases.lifecycle import FINISHED
from sellerdesk.cases.models import Case
from sellerdesk.cases.notices import case_link, seller_recipients
from sellerdesk.cases.permissions import is_case_lead, is_case_seller
from sellerdesk.lib.errors import Conflict, FieldError, Forbidden, ValidationFailed
from sellerdesk.notifications.services import notify

from . import policy
from .models import Rating, SurveyInvitation
from .policy import SCORE_MAX, SCORE_MIN, SurveyRule
from .tokens import token_make

INVITE_KIND = "survey.invite"
LOW_RATING_KIND = "survey.low_rating"
INVITE_RULE = "survey.invite"
# Cases one invitation run takes; the next minute's run takes the rest.
INVITE_BATCH = 200


def survey_rule() -> SurveyRule:
    return SurveyRule.from_settings(settings.SELLERDESK)


def rating_link(*, case: Case, user: User) -> str:
    """The path of the rating page for ``user``'s link to the case's current resolution."""
    token = token_make(case_id=case.pk, resolved_at=case.resolved_at, user_id=user.pk)
    return reverse("survey-rate", kwargs={"token": token})


def _rateable(case: Case) -> bool:
    return policy.rateable(
        status=case.status,
        resolved_at=case.resolved_at,
        close_reason=case.close_reason,
        workflow=case.case_type.workflow,
    )


def cases_due_for_invitation(*, now: datetime, rule: SurveyRule):
    """Resolved cases not yet invited for their current resolution, oldest first. Bounded by
    the look-back, so a run reads the recent resolutions, not every case ever resolved."""
    invited = SurveyInvitation.objects.filter(
        case=OuterRef("pk"), resolved_at=OuterRef("resolved_at")
    )
    return (
        Case.objects.filter(
            status__in=FINISHED,
            resolved_at__isnull=False,
            resolved_at__gte=now - timedelta(days=rule.invite_lookback_days),
            resolved_at__lte=now,
            case_type__workflow="",
            duplicate_of__isnull=True,
        )
        .exclude(close_reason__in=policy.UNRATED_CLOSE_REASONS)
        .exclude(Exists(invited))
        .select_related("case_type", "created_by")
        .order_by("resolved_at", "pk")
    )


def _survey_recipients(case: Case) -> list[User]:
    """Whom the case's notices go to (its opener and the seller's owners), if they are still
    members of the seller: an operator who opened a case for a seller is not asked."""
    members = set(
        SellerMembership.objects.filter(seller_id=case.seller_id).values_list("user_id", flat=True)
    )
    return [u for u in seller_recipients(case) if u.pk in members and u.is_active]


def survey_invitations_send(*, now: datetime | None = None, batch: int = INVITE_BATCH) -> int:
    """Invite the seller to rate each newly resolved case, once per resolution: each member
    gets a notice with a link of their own (signed, expiring). The invitation row is the claim:
    a second worker's insert of the same (case, resolution) fails and it moves on."""
    now = now or timezone.now()
    rule = survey_rule()
    sent = 0
    for case in list(cases_due_for_invitation(now=now, rule=rule)[:batch]):
        with transaction.atomic():
            still = Case.objects.filter(
                pk=case.pk, status__in=FINISHED, resolved_at=case.resolved_at
            ).exists()
            if not still:
                continue  # reopened since it was read: the next resolution is invited
            try:
                with transaction.atomic():
                    invitation = SurveyInvitation.objects.create(
                        case=case, resolved_at=case.resolved_at, sent_at=now
                    )
            except IntegrityError:
                continue  # another worker invited this resolution
            recipients = _survey_recipients(case)
            for user in recipients:
                notify(
                    recipients=[user],
                    kind=INVITE_KIND,
                    context={"case": case, "token_days": rule.token_days},
                    link=rating_link(case=case, user=user),
                    now=now,
                )
            invitation.recipients = len(recipients)
            invitation.save(update_fields=["recipients"])
            audit_record(
                actor=None,
                rule=INVITE_RULE,
                action="survey.invited",
                obj=invitation,
                case=case,
                after={
                    "resolved_at": case.resolved_at,
                    "recipients": [u.email for u in recipients],
                },
                internal=True,
                at=now,
            )
            sent += 1
    return sent


def _snapshot(rating: Rating) -> dict:
    return {
        "score": rating.score,
        "comment": rating.comment,
        "resolved_at": rating.resolved_at,
        "channel": rating.channel,
        "rated_by": rating.rated_by.email if rating.rated_by else None,
        "followup": rating.followup,
    }


def _diff(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _rating_errors(score: object, comment: str, rule: SurveyRule) -> list[FieldError]:
    errors = []
    if not policy.score_valid(score):
        errors.append(
            FieldError(
                "score", "invalid", f"score must be a whole number from {SCORE_MIN} to {SCORE_MAX}"
            )
        )
    if len(comment) > rule.comment_max_length:
        errors.append(
            FieldError(
                "comment",
                "too_long",
                f"comment must be at most {rule.comment_max_length} characters",
            )
        )
    if "\x00" in comment:
        errors.append(FieldError("comment", "invalid", "comment must not contain NUL characters"))
    return errors


@transaction.atomic
def rating_submit(
    *,
    actor: User,
    case: Case,
    score: object,
    comment: str = "",
    channel: str,
    resolution: datetime | None = None,
    now: datetime | None = None,
) -> Rating:
    """The seller's rating of the case's current resolution, 1 to 5 with an optional comment.
    One rating per case: rating again replaces it (the latest kept), whether the same
    resolution or a later one after the case was reopened and resolved again. A low score
    asks the team's leads to follow up and tells them. ``resolution``: the resolution the
    rater was asked about (an emailed link's); a case resolved since refuses it as stale."""
    now = now or timezone.now()
    rule = survey_rule()
    comment = (comment or "").strip()
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("case_type", "team", "seller")
        .get(pk=case.pk)
    )
    if not is_case_seller(actor, case):
        raise Forbidden("Only members of the case's seller can rate it.")
    errors = _rating_errors(score, comment, rule)
    if errors:
        raise ValidationFailed("The rating is not valid.", errors)
    if not _rateable(case):
        raise Conflict(
            f"Case #{case.number} is not resolved: it can be rated once support resolves it.",
            extra={"status": case.status},
        )
    if resolution is not None and resolution != case.resolved_at:
        raise Conflict(
            f"Case #{case.number} was reopened since this rating was asked for.",
            extra={"code": "stale"},
        )
    rating = Rating.objects.select_for_update().filter(case=case).first()
    if rating is None:
        rating, before, same, was_low, state = Rating(case=case), {}, False, False, ""
    else:
        before, state = _snapshot(rating), rating.followup
        same = rating.resolved_at == case.resolved_at
        was_low = policy.is_low(rating.score, rule)
    low = policy.is_low(score, rule)
    followup = policy.followup_after(was_low=was_low, same_resolution=same, low=low, state=state)
    asked_now = followup == Rating.FollowUp.NEEDED and not (same and state == followup)
    if asked_now or not same:
        rating.followup_done_at, rating.followup_done_by, rating.followup_note = None, None, ""
    rating.score, rating.comment, rating.channel = score, comment, channel
    rating.resolved_at, rating.rated_at, rating.rated_by = case.resolved_at, now, actor
    rating.followup = followup
    rating.save()
    b, a = _diff(before, _snapshot(rating)) if before else ({}, _snapshot(rating))
    audit_record(
        actor=actor,
        action="rating.changed" if same else "rating.recorded",
        obj=rating,
        case=case,
        before=b,
        after=a,
        internal=True,
        at=now,
    )
    if asked_now:
        notify(
            recipients=team_leads(case.team_id),
            kind=LOW_RATING_KIND,
            context={"case": case, "rating": rating, "low_score": rule.low_score},
            link=case_link(case, for_seller=False),
            now=now,
        )
    return rating


@transaction.atomic
def rating_followup_complete(
    *, actor: User, rating: Rating, note: str, now: datetime | None = None
) -> Rating:
    """A lead of the case's team (or an operator) has followed up a low rating: done, with a
    note of what was done."""
    now = now or timezone.now()
    rating = Rating.objects.select_for_update(of=("self",)).select_related("case").get(pk=rating.pk)
    if not is_case_lead(actor, rating.case):
        raise Forbidden("Only a lead of the case's team can close the follow-up.")
    note = (note or "").strip()
    limit = settings.SELLERDESK["MAX_TEXT_LENGTH"]
    if not note:
        raise ValidationFailed(
            "Say what was done.", [FieldError("note", "required", "note must not be empty")]
        )
    if len(note) > limit or "\x00" in note:
        code = "too_long" if len(note) > limit else "invalid"
        raise ValidationFailed(
            "The note is not valid.", [FieldError("note", code, f"note: {code.replace('_', ' ')}")]
        )
    if rating.followup != Rating.FollowUp.NEEDED:
        raise Conflict("This rating has no follow-up waiting.", extra={"followup": rating.followup})
    rating.followup = Rating.FollowUp.DONE
    rating.followup_done_at, rating.followup_done_by, rating.followup_note = now, actor, note
    rating.save(update_fields=["followup", "followup_done_at", "followup_done_by", "followup_note"])
    audit_record(
        actor=actor,
        action="rating.followup_done",
        obj=rating,
        case=rating.case,
        before={"followup": Rating.FollowUp.NEEDED},
        after={"followup": Rating.FollowUp.DONE, "followup_note": note},
        internal=True,
        at=now,
    )
    return rating
