"""Reads of Seller University: shelves, articles, search with snippets, suggestions while a
case is being written, and the deflection report. Everything signed-in people may read is
published; drafts are for operators."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from sellerdesk.accounts.models import User
from sellerdesk.cases.models import Case, CaseType
from sellerdesk.lib.errors import NotFound

from . import search, snippets, text
from .models import Article, ArticleFeedback, ArticleSearch, Category, SuggestionOpen

SNIPPET_CHARS = 180
# What a result list shows: not the Markdown body, only its plain text for the snippet.
HIT_FIELDS = (
    "key",
    "language",
    "title",
    "summary",
    "body_text",
    "status",
    "category__code",
    "category__name_en",
    "category__name_zh",
)


def categories_with_counts(language: str | None = None) -> list[Category]:
    published = Q(articles__status=Article.Status.PUBLISHED)
    if language:
        published &= Q(articles__language=language)
    return list(Category.objects.annotate(article_total=Count("articles", filter=published)))


def category_get(code: str) -> Category:
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise NotFound(f"No category {code}.")
    return category


def articles_published() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED).select_related("category")


def articles_in(category: Category, language: str | None = None) -> QuerySet[Article]:
    qs = articles_published().filter(category=category)
    return qs.filter(language=language) if language else qs


def articles_popular(language: str | None = None, limit: int = 6) -> list[Article]:
    qs = articles_published()
    if language:
        qs = qs.filter(language=language)
    return list(qs.order_by("-view_count", "position", "id")[:limit])


def article_get_for(user: User, pk: int) -> Article:
    """A published article; operators also see drafts."""
    qs = Article.objects.select_related("category").prefetch_related("attachments", "case_types")
    if not (user.is_operator or user.is_superuser):
        qs = qs.filter(status=Article.Status.PUBLISHED)
    article = qs.filter(pk=pk).first()
    if article is None:
        raise NotFound("No such article.")
    return article


def article_translations(article: Article) -> list[Article]:
    return list(
        articles_published().filter(key=article.key).exclude(pk=article.pk).order_by("language")
    )


def article_feedback_of(user: User, article: Article) -> bool | None:
    row = ArticleFeedback.objects.filter(article=article, user=user).first()
    return None if row is None else row.helpful


def learner_total() -> int:
    """Distinct people who finished at least one article."""
    from .models import ArticleCompletion

    return ArticleCompletion.objects.values("user").distinct().count()


# --- search --------------------------------------------------------------------------------


@dataclass
class SearchHit:
    article: Article
    score: float
    title_html: SafeString
    snippet_html: SafeString
    exact_title: bool = False


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    has_more: bool = False
    # No article had every word, so these match some of them.
    relaxed: bool = False


def _exact_title_ids(query: str, language: str | None, category_id: int | None) -> list[int]:
    key = text.fold_title(query)
    if not key:
        return []
    qs = ArticleSearch.objects.filter(title_key=key[:300])
    if language:
        qs = qs.filter(language=language)
    if category_id:
        qs = qs.filter(category_id=category_id)
    return list(qs.order_by("article_id").values_list("article_id", flat=True)[:3])


def search_articles(
    q: str,
    *,
    language: str | None = None,
    category: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    prefix: bool = False,
    any_terms: bool = False,
) -> SearchResult:
    """Ranked published articles for what someone typed, with highlighted title and snippet.

    Every word must match; when nothing has them all, any word may (``relaxed``). An article
    whose title is exactly the query comes first. ``prefix`` treats the last word as
    unfinished (search as you type); ``any_terms`` ranks by any word from the start (long
    case subjects). An unknown ``category`` raises NotFound.
    """
    limit = limit or settings.SELLERDESK["KB_SEARCH_PAGE_SIZE"]
    query = text.parse_query(q, prefix=prefix)
    result = SearchResult(query=query.text)
    if query.empty:
        return result
    category_id = category_get(category).pk if category else None
    exact = _exact_title_ids(q, language, category_id)
    args = {"language": language, "category_id": category_id, "limit": limit + 1}
    rows = search.ranked_ids(query, offset=offset, any_group=any_terms, **args)
    if not rows and not any_terms and len(query.groups) > 1:
        rows = search.ranked_ids(query, offset=offset, any_group=True, **args)
        result.relaxed = bool(rows)
    result.has_more = len(rows) > limit
    rows = rows[:limit]
    scores = dict(rows)
    ordered = [pk for pk, _ in rows if pk not in exact]
    if offset == 0:
        ordered = exact + ordered
    ordered = ordered[:limit]
    articles = articles_published().only(*HIT_FIELDS).in_bulk(ordered)
    for pk in ordered:
        article = articles.get(pk)
        if article is None:
            continue
        body = article.body_text or article.summary
        snippet = snippets.highlight(body, query, width=SNIPPET_CHARS)
        if "<mark>" not in snippet and article.summary:
            snippet = snippets.highlight(article.summary, query, width=SNIPPET_CHARS)
        result.hits.append(
            SearchHit(
                article=article,
                score=scores.get(pk, 0.0),
                # highlight() escapes everything it does not wrap in <mark>.
                title_html=mark_safe(snippets.highlight(article.title, query)),  # noqa: S308
                snippet_html=mark_safe(snippet),  # noqa: S308
                exact_title=pk in exact,
            )
        )
    return result


def suggestions_for_case(
    *, subject: str, case_type: CaseType | None, language: str | None, limit: int | None = None
) -> list[SearchHit | Article]:
    """Articles to show while a seller writes a case: what matches the subject (any of its
    words), then the articles written for the chosen case type."""
    limit = limit or settings.SELLERDESK["KB_SUGGESTIONS"]
    out: list = []
    seen: set[int] = set()
    if len(subject.strip()) >= 2:
        for hit in search_articles(subject, limit=limit, prefix=True, any_terms=True).hits:
            out.append(hit)
            seen.add(hit.article.pk)
    if case_type is not None and len(out) < limit:
        tagged = Article.case_types.through.objects.filter(casetype=case_type)
        typed = articles_published().filter(pk__in=tagged.values("article_id"))
        typed = typed.exclude(pk__in=seen)
        if language:
            typed = typed.filter(language=language)
        # The most specific first: an article written for this type alone before one that
        # serves every type.
        typed = typed.annotate(type_count=Count("case_types", distinct=True))
        out.extend(typed.order_by("type_count", "position", "id")[: limit - len(out)])
    return out


# --- deflection ----------------------------------------------------------------------------


@dataclass
class DeflectionRow:
    case_type_code: str
    case_type: CaseType | None
    opened: int
    deflected: int
    filed: int
    pending: int

    @property
    def rate(self) -> float | None:
        """Deflected among the opens whose window has closed."""
        decided = self.deflected + self.filed
        return self.deflected / decided if decided else None


def deflection_by_case_type(
    *, start: datetime | None = None, end: datetime | None = None, now: datetime | None = None
) -> list[DeflectionRow]:
    """Suggested articles opened between ``start`` and ``end``, by the case type being filed.

    An open is *filed* when the same person filed any case from the moment of opening up to
    and including the end of its window (30 minutes by default), *deflected* when the window
    has passed without one, *pending* while it still runs.
    """
    now = now or timezone.now()
    filed_case = Case.objects.filter(
        created_by=OuterRef("user"),
        created_at__gte=OuterRef("opened_at"),
        created_at__lte=OuterRef("window_ends_at"),
    )
    qs = SuggestionOpen.objects.all()
    if start:
        qs = qs.filter(opened_at__gte=start)
    if end:
        qs = qs.filter(opened_at__lt=end)
    rows = qs.annotate(filed=Exists(filed_case)).values_list(
        "case_type_id", "filed", "window_ends_at"
    )
    totals: dict[int | None, list[int]] = {}
    for case_type_id, filed, window_ends_at in rows.iterator(chunk_size=2000):
        counts = totals.setdefault(case_type_id, [0, 0, 0, 0])
        counts[0] += 1
        if filed:
            counts[2] += 1
        elif window_ends_at < now:
            counts[1] += 1
        else:
            counts[3] += 1
    types = CaseType.objects.in_bulk([pk for pk in totals if pk is not None])
    out = []
    for pk, (opened, deflected, filed, pending) in totals.items():
        case_type = types.get(pk)
        out.append(
            DeflectionRow(
                case_type_code=case_type.code if case_type else "",
                case_type=case_type,
                opened=opened,
                deflected=deflected,
                filed=filed,
                pending=pending,
            )
        )
    out.sort(key=lambda r: (r.case_type.position if r.case_type else 10**6, r.case_type_code))
    return out
