"""The writers of what readers do: views, helpful/not helpful, finishing an article, and
opening an article suggested while filing a case.

Feedback and completions are audited like any change. The two counters of reading
(``article_view_record``, ``suggestion_open_record``) are not: they are measurements, not
state anyone reviews, and an audit row per page view would bury the audit trail under reads
(docs/adr/0005-knowledge-base-search.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.cases.models import CaseType

from .models import Article, ArticleCompletion, ArticleFeedback, SuggestionOpen

ARTICLE_COUNTERS = ("view_count", "learner_count", "helpful_yes", "helpful_no")


def article_view_record(*, article: Article) -> None:
    """One more view. A counter, not audited (see the module docstring). The counters on
    ``article`` are read again afterwards: the page being shown is a view, and a copy loaded
    before the update would show "0 views" to the first reader of every article."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)
    article.refresh_from_db(fields=ARTICLE_COUNTERS)


@transaction.atomic
def article_feedback_set(
    *, actor: User, article: Article, helpful: bool, now: datetime | None = None
) -> ArticleFeedback:
    """Was it helpful? A second answer replaces the first; the counters follow."""
    now = now or timezone.now()
    feedback = ArticleFeedback.objects.select_for_update().filter(article=article, user=actor)
    existing = feedback.first()
    if existing is not None and existing.helpful == helpful:
        return existing
    counters = {"helpful_yes": F("helpful_yes"), "helpful_no": F("helpful_no")}
    if existing is None:
        existing = ArticleFeedback.objects.create(
            article=article, user=actor, helpful=helpful, created_at=now, updated_at=now
        )
        before = {}
    else:
        before = {"helpful": existing.helpful}
        old = "helpful_yes" if existing.helpful else "helpful_no"
        counters[old] = F(old) - 1
        existing.helpful = helpful
        existing.updated_at = now
        existing.save(update_fields=["helpful", "updated_at"])
    new = "helpful_yes" if helpful else "helpful_no"
    counters[new] = F(new) + 1
    Article.objects.filter(pk=article.pk).update(**counters)
    audit_record(
        actor=actor,
        action="kb.article.feedback",
        obj=article,
        before=before,
        after={"helpful": helpful},
        at=now,
    )
    return existing


@transaction.atomic
def article_complete(
    *, actor: User, article: Article, now: datetime | None = None
) -> tuple[ArticleCompletion, bool]:
    """The person finished the article: they count once among its learners."""
    now = now or timezone.now()
    completion, created = ArticleCompletion.objects.get_or_create(
        article=article, user=actor, defaults={"completed_at": now}
    )
    if created:
        Article.objects.filter(pk=article.pk).update(learner_count=F("learner_count") + 1)
        audit_record(actor=actor, action="kb.article.completed", obj=article, at=now)
    return completion, created


# --- case deflection -----------------------------------------------------------------------


def suggestion_open_record(
    *,
    user: User,
    article: Article,
    case_type: CaseType | None = None,
    now: datetime | None = None,
) -> SuggestionOpen:
    """A seller opened an article we suggested while they were filing a case. Opening it
    again while its window runs counts once. A measurement row, not audited."""
    now = now or timezone.now()
    running = SuggestionOpen.objects.filter(
        user=user, article=article, window_ends_at__gte=now
    ).first()
    if running is not None:
        return running
    membership = user.seller_memberships.select_related("seller").first()
    return SuggestionOpen.objects.create(
        user=user,
        seller=membership.seller if membership else None,
        article=article,
        case_type=case_type,
        opened_at=now,
        window_ends_at=now + timedelta(minutes=settings.SELLERDESK["KB_DEFLECTION_WINDOW_MINUTES"]),
    )
