"""Seller University pages: the shelves, an article, search (HTMX live results), and the
suggestions shown while a seller writes a case. Thin: read, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from sellerdesk.cases.models import CaseType
from sellerdesk.lib.views import signed_in

from .. import markdown, reader_services, selectors, text
from ..models import LANGUAGES, ArticleAttachment
from ..training import selectors as training_selectors

LANGUAGE_CODES = dict(LANGUAGES)


def _ui_language() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def _language_param(request) -> str | None:
    """``?lang=en|zh-hans|all``; by default the reader's own language."""
    value = request.GET.get("lang", "")
    if value == "all":
        return None
    return value if value in LANGUAGE_CODES else _ui_language()


@signed_in
def home(request):
    language = _language_param(request)
    context = {
        "categories": selectors.categories_with_counts(language),
        "popular": selectors.articles_popular(language),
        "events": training_selectors.events_upcoming()[:4],
        "learners": selectors.learner_total(),
        "lang": language or "all",
    }
    return render(request, "knowledge/home.html", context)


@signed_in
def category(request, code: str):
    shelf = selectors.category_get(code)
    language = _language_param(request)
    context = {
        "category": shelf,
        "articles": selectors.articles_in(shelf, language).order_by("position", "title"),
        "lang": language or "all",
    }
    return render(request, "knowledge/category.html", context)


@signed_in
def article(request, pk: int):
    item = selectors.article_get_for(request.user, pk)
    reader_services.article_view_record(article=item)
    if request.GET.get("suggested") and request.user.is_seller:
        code = request.GET.get("case_type", "")
        case_type = CaseType.objects.filter(code=code).first() if code else None
        reader_services.suggestion_open_record(user=request.user, article=item, case_type=case_type)
    context = {
        "article": item,
        # render() allow-lists the HTML (markdown.py): safe to mark safe.
        "body_html": mark_safe(markdown.render(item.body)),  # noqa: S308
        "translations": selectors.article_translations(item),
        "feedback": selectors.article_feedback_of(request.user, item),
        "completed": item.completions.filter(user=request.user).exists(),
    }
    return render(request, "knowledge/article.html", context)


@require_POST
@signed_in
def article_feedback(request, pk: int):
    item = selectors.article_get_for(request.user, pk)
    helpful = request.POST.get("helpful") == "yes"
    reader_services.article_feedback_set(actor=request.user, article=item, helpful=helpful)
    if request.htmx:
        item.refresh_from_db()
        return render(request, "knowledge/_feedback.html", {"article": item, "feedback": helpful})
    messages.success(request, gettext("Thank you for your feedback."))
    return redirect("kb-article", pk=pk)


@require_POST
@signed_in
def article_complete(request, pk: int):
    item = selectors.article_get_for(request.user, pk)
    reader_services.article_complete(actor=request.user, article=item)
    messages.success(request, gettext("Marked as finished."))
    return redirect("kb-article", pk=pk)


@signed_in
def attachment(request, pk: int):
    """Attachments are served only to signed-in people, and only for articles they may read."""
    item = ArticleAttachment.objects.select_related("article").filter(pk=pk).first()
    if item is None:
        raise Http404
    selectors.article_get_for(request.user, item.article_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=item.filename)
    response["Content-Type"] = item.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _search_context(request) -> dict:
    q = request.GET.get("q", "").strip()[:200]
    language = request.GET.get("lang", "")
    language = language if language in LANGUAGE_CODES else None
    code = request.GET.get("category", "")
    categories = selectors.categories_with_counts()
    if code not in {c.code for c in categories}:
        code = ""
    result = selectors.search_articles(
        q, language=language, category=code or None, prefix=bool(request.htmx)
    )
    return {
        "q": q,
        "result": result,
        "categories": categories,
        "category_code": code,
        "lang": language or "",
    }


@signed_in
def search(request):
    context = _search_context(request)
    if request.htmx and request.htmx.target == "kb-results":
        return render(request, "knowledge/_results.html", context)
    return render(request, "knowledge/search.html", context)


@signed_in
def suggest(request):
    """The suggestions fragment for the new-case pages (HTMX): articles matching the subject
    being typed, then those written for the chosen case type."""
    if not request.user.is_seller:
        raise PermissionDenied
    subject = (request.GET.get("subject") or request.GET.get("q") or "")[:200]
    if not text.jieba_ready() and text.is_cjk_text(subject):
        # The first Chinese query of a process would wait seconds for jieba's dictionary:
        # answer with the case type's articles now, and match the subject once it is loaded.
        text.jieba_warm_in_background()
        subject = ""
    code = request.GET.get("case_type", "")
    case_type = CaseType.objects.filter(code=code, active=True).first() if code else None
    items = selectors.suggestions_for_case(
        subject=subject, case_type=case_type, language=_ui_language()
    )
    context = {"items": items, "case_type": case_type, "subject": subject}
    return render(request, "knowledge/_suggestions.html", context)
