"""A seller's rating of a resolved case (one per case: the latest resolution's), and the record
that the seller was invited to rate a resolution (so the worker invites once per resolution)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .policy import SCORE_MAX, SCORE_MIN


class Rating(models.Model):
    class Channel(models.TextChoices):
        APP = "app", _("In the app")
        EMAIL = "email", _("By the emailed link")
        API = "api", _("Through the API")

    class FollowUp(models.TextChoices):
        NONE = "", _("Not needed")
        NEEDED = "needed", _("Needed")
        DONE = "done", _("Done")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="rating", verbose_name=_("case")
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    # The resolution rated: a case reopened and resolved again is rated anew, and the new
    # rating replaces this one.
    resolved_at = models.DateTimeField(_("resolution rated"))
    rated_at = models.DateTimeField(_("rated at"))
    # Null only when the user is gone; a link's rating names the member it was sent to.
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rated by"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    followup = models.CharField(
        _("follow-up"), max_length=10, choices=FollowUp.choices, blank=True, default=""
    )
    followup_done_at = models.DateTimeField(_("follow-up done at"), null=True, blank=True)
    followup_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("follow-up done by"),
    )
    followup_note = models.TextField(_("follow-up note"), blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="rating_score_1_to_5",
            ),
        ]
        indexes = [
            # The leads' list of follow-ups to do reads only those.
            models.Index(
                fields=["rated_at"], name="rating_followup_needed", condition=Q(followup="needed")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}/{SCORE_MAX} for case {self.case_id}"


class SurveyInvitation(models.Model):
    """The seller was asked to rate this resolution of the case (one row per resolution: the
    unique constraint is the worker's claim, so two workers never invite twice)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    resolved_at = models.DateTimeField(_("resolution"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["case", "resolved_at"], name="uniq_survey_invitation"),
        ]

    def __str__(self) -> str:
        return f"survey for case {self.case_id} ({self.resolved_at:%Y-%m-%d %H:%M})"
