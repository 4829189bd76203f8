"""JSON API for Seller University: search, articles and categories. Thin: parse, call one
selector, serialise. Any signed-in user may read published articles."""

from __future__ import annotations

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from sellerdesk.lib.api_types import LanguageTag, Text
from sellerdesk.lib.problems import error_responses

from . import selectors
from .models import Article

router = Router(tags=["knowledge"])


class CategoryOut(Schema):
    code: str
    name_en: str
    name_zh: str
    articles: int = Field(description="Published articles in the category (both languages).")


class ArticleSummaryOut(Schema):
    id: int
    key: str = Field(description="Shared by the translations of one article.")
    language: str
    category: str
    title: str
    summary: str
    url: str = Field(description="The article page in the web UI.")


class SearchHitOut(ArticleSummaryOut):
    score: float = Field(description="Relevance; higher is better. Comparable within a result.")
    title_html: str = Field(description="The title, HTML-escaped, matches in `<mark>`.")
    snippet: str = Field(
        description="A passage of the article, HTML-escaped, matches in `<mark>`; safe to "
        "insert as HTML."
    )
    exact_title: bool = Field(description="The title is exactly the query (ranked first).")


class SearchOut(Schema):
    query: str
    relaxed: bool = Field(
        description="No article had every word of the query, so these match some of them."
    )
    has_more: bool
    items: list[SearchHitOut]


class ArticleOut(ArticleSummaryOut):
    body_markdown: str
    video_url: str
    tags: list[str]
    case_types: list[str]
    translations: list[ArticleSummaryOut]
    view_count: int
    helpful_yes: int
    helpful_no: int
    learners: int


class SearchParams(Schema):
    q: Text = Field(..., min_length=1, max_length=200, description="What to look for.")
    lang: LanguageTag | None = Field(
        None,
        description="Only articles in this language: a BCP 47 tag (`en`, `en-US`, `zh`, "
        "`zh-CN`, `zh-Hans`, …), read as `en` or `zh-hans`.",
    )
    category: str | None = Field(None, max_length=40, description="A category code.")
    limit: int = Field(10, ge=1, le=50)
    offset: int = Field(0, ge=0, le=1000)


def _summary(article: Article) -> dict:
    return {
        "id": article.pk,
        "key": article.key,
        "language": article.language,
        "category": article.category.code,
        "title": article.title,
        "summary": article.summary,
        "url": reverse("kb-article", args=[article.pk]),
    }


@router.get(
    "/kb/search",
    response={200: SearchOut, **error_responses(404, 422)},
    summary="Search Seller University",
    description="Any signed-in user. Chinese is segmented (jieba) and English stemmed, on "
    "both databases. Every word must match; when no article has them all, articles with some "
    "of them are returned and `relaxed` is true. An article whose title is exactly the query "
    "comes first. 404 for an unknown `category`.",
)
def kb_search(request, params: Query[SearchParams]):
    result = selectors.search_articles(
        params.q,
        language=params.lang,
        category=params.category,
        limit=params.limit,
        offset=params.offset,
    )
    return {
        "query": result.query,
        "relaxed": result.relaxed,
        "has_more": result.has_more,
        "items": [
            {
                **_summary(hit.article),
                "score": round(hit.score, 6),
                "title_html": str(hit.title_html),
                "snippet": str(hit.snippet_html),
                "exact_title": hit.exact_title,
            }
            for hit in result.hits
        ],
    }


@router.get(
    "/kb/categories",
    response={200: list[CategoryOut], **error_responses()},
    summary="List Seller University categories",
    description="Any signed-in user.",
)
def kb_category_list(request):
    return [
        {
            "code": c.code,
            "name_en": c.name_en,
            "name_zh": c.name_zh,
            "articles": c.article_total,
        }
        for c in selectors.categories_with_counts()
    ]


@router.get(
    "/kb/articles/{article_id}",
    response={200: ArticleOut, **error_responses(404, 422)},
    summary="Read an article",
    description="Any signed-in user, published articles only (operators also read drafts). "
    "The body is Markdown; the web UI renders it sanitised.",
)
def kb_article_get(request, article_id: int):
    article = selectors.article_get_for(request.auth, article_id)
    return {
        **_summary(article),
        "body_markdown": article.body,
        "video_url": article.video_url,
        "tags": article.tag_list,
        "case_types": [t.code for t in article.case_types.all()],
        "translations": [_summary(t) for t in selectors.article_translations(article)],
        "view_count": article.view_count,
        "helpful_yes": article.helpful_yes,
        "helpful_no": article.helpful_no,
        "learners": article.learner_count,
    }
