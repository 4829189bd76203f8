"""The only writers of categories, articles, their search rows and attachments. Each
function is one transaction with one audit event. What readers do (views, feedback,
completions, suggestion opens) is written by ``reader_services``."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from sellerdesk.accounts.models import User
from sellerdesk.audit.services import audit_record
from sellerdesk.cases.models import CaseType
from sellerdesk.lib.errors import FieldError, Forbidden, ValidationFailed

from . import markdown, search, text
from .models import (
    LANGUAGES,
    Article,
    ArticleAttachment,
    ArticleSearch,
    Category,
)

EDITABLE = (
    "category",
    "title",
    "summary",
    "body",
    "tags",
    "video_url",
    "status",
    "position",
    "case_types",
    "source",
    "source_hash",
)
ATTACHMENT_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _conf(name: str) -> int:
    return settings.SELLERDESK[name]


def _require_author(actor: User | None) -> None:
    """Articles are written by operators (or by the system: the corpus loader)."""
    if actor is not None and not (actor.is_operator or actor.is_superuser):
        raise Forbidden("Only operators edit Seller University articles.")


def _validate(values: dict) -> None:
    errors = []
    if "title" in values and not (values["title"] or "").strip():
        errors.append(FieldError("title", "required", "an article needs a title"))
    if "title" in values and len(values["title"] or "") > 300:
        errors.append(FieldError("title", "too_long", "at most 300 characters"))
    if "body" in values and not (values["body"] or "").strip():
        errors.append(FieldError("body", "required", "an article needs a body"))
    if "language" in values and values["language"] not in dict(LANGUAGES):
        errors.append(FieldError("language", "invalid", "en or zh-hans"))
    if "key" in values and (not values["key"] or slugify(values["key"]) != values["key"]):
        errors.append(FieldError("key", "invalid", "lower-case letters, digits and hyphens"))
    if values.get("video_url") and not markdown.is_safe_url(values["video_url"]):
        errors.append(FieldError("video_url", "invalid", "an http(s) link"))
    if "status" in values and values["status"] not in Article.Status.values:
        errors.append(FieldError("status", "invalid", "draft, published or archived"))
    if "category" in values and not isinstance(values["category"], Category):
        errors.append(FieldError("category", "invalid", "unknown category"))
    if errors:
        raise ValidationFailed("The article is not valid.", errors)


def _case_types(codes_or_types: Iterable) -> list[CaseType]:
    items = list(codes_or_types)
    codes = [c for c in items if isinstance(c, str)]
    found = {t.code: t for t in CaseType.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationFailed(
            "Unknown case type.",
            [FieldError("case_types", "invalid", f"unknown case type {c}") for c in unknown],
        )
    return [found[c] if isinstance(c, str) else c for c in items]


def article_index(article: Article) -> None:
    """Write (or remove) the article's search row. Only published articles are findable."""
    if not article.is_published:
        ArticleSearch.objects.filter(article=article).delete()
        return
    ArticleSearch.objects.update_or_create(
        article=article,
        defaults={
            "language": article.language,
            "category_id": article.category_id,
            "title_key": text.fold_title(article.title)[:300],
            "search_title": text.index_text(article.title),
            "search_body": text.index_text(f"{article.summary}\n{article.body_text}"),
            "search_tags": text.index_text(article.tags.replace(",", " ")),
            "facets": " ".join(
                [search.facet("lang", article.language), search.facet("cat", article.category_id)]
            ),
        },
    )


def _snapshot(article: Article) -> dict:
    return {
        "title": article.title,
        "status": article.status,
        "category": article.category.code,
        "summary": article.summary,
        "tags": article.tags,
        "video_url": article.video_url,
        "position": article.position,
        # The body can be long: its hash says whether it changed.
        "body_sha256": hashlib.sha256(article.body.encode()).hexdigest()[:16],
    }


@transaction.atomic
def article_create(
    *,
    actor: User | None,
    key: str,
    language: str,
    category: Category,
    title: str,
    body: str,
    summary: str = "",
    tags: str = "",
    video_url: str = "",
    status: str = Article.Status.PUBLISHED,
    position: int = 100,
    case_types: Iterable = (),
    source: str = "",
    source_hash: str = "",
    now: datetime | None = None,
) -> Article:
    _require_author(actor)
    values = {"key": key, "language": language, "category": category, "title": title}
    values.update(body=body, video_url=video_url, status=status)
    _validate(values)
    if Article.objects.filter(key=key, language=language).exists():
        raise ValidationFailed(
            "This article already exists in that language.",
            [FieldError("key", "duplicate", f"{key} already has a {language} version")],
        )
    now = now or timezone.now()
    article = Article.objects.create(
        key=key,
        language=language,
        category=category,
        title=title.strip(),
        summary=summary.strip(),
        body=body,
        body_text=markdown.plain_text(body),
        tags=tags.strip(),
        video_url=video_url,
        status=status,
        position=position,
        source=source,
        source_hash=source_hash,
        created_by=actor,
        created_at=now,
        updated_at=now,
        published_at=now if status == Article.Status.PUBLISHED else None,
    )
    types = _case_types(case_types)
    if types:
        article.case_types.set(types)
    article_index(article)
    audit_record(
        actor=actor,
        action="kb.article.created",
        obj=article,
        after={**_snapshot(article), "key": key, "language": language},
        rule=None if actor else "kb.corpus",
        at=now,
    )
    return article


@transaction.atomic
def article_update(
    *, actor: User | None, article: Article, now: datetime | None = None, **changes
) -> Article:
    """Change any of ``EDITABLE``; the search row follows (a draft leaves the index)."""
    _require_author(actor)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _validate(changes)
    now = now or timezone.now()
    article = Article.objects.select_for_update().select_related("category").get(pk=article.pk)
    before = _snapshot(article)
    types = changes.pop("case_types", None)
    for name, value in changes.items():
        setattr(article, name, value.strip() if name in ("title", "summary") else value)
    if "body" in changes:
        article.body_text = markdown.plain_text(article.body)
    if article.is_published and article.published_at is None:
        article.published_at = now
    article.updated_at = now
    article.save()
    if types is not None:
        article.case_types.set(_case_types(types))
    article_index(article)
    after = _snapshot(article)
    audit_record(
        actor=actor,
        action="kb.article.updated",
        obj=article,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
        rule=None if actor else "kb.corpus",
        at=now,
    )
    return article


@transaction.atomic
def article_delete(*, actor: User | None, article: Article) -> None:
    _require_author(actor)
    audit_record(actor=actor, action="kb.article.deleted", obj=article, before=_snapshot(article))
    article.delete()  # the search row (and so the index entry) goes with it


@transaction.atomic
def category_create(
    *,
    actor: User | None,
    code: str,
    name_en: str,
    name_zh: str,
    description_en: str = "",
    description_zh: str = "",
    position: int = 100,
) -> Category:
    _require_author(actor)
    if not code or slugify(code) != code:
        raise ValidationFailed(
            "The category is not valid.",
            [FieldError("code", "invalid", "lower-case letters, digits and hyphens")],
        )
    if Category.objects.filter(code=code).exists():
        raise ValidationFailed(
            "The category exists.", [FieldError("code", "duplicate", f"{code} exists")]
        )
    category = Category.objects.create(
        code=code,
        name_en=name_en,
        name_zh=name_zh,
        description_en=description_en,
        description_zh=description_zh,
        position=position,
    )
    audit_record(actor=actor, action="kb.category.created", obj=category, after={"code": code})
    return category


@transaction.atomic
def category_update(*, actor: User | None, category: Category, **changes) -> Category:
    _require_author(actor)
    allowed = {"name_en", "name_zh", "description_en", "description_zh", "position"}
    if set(changes) - allowed:
        raise ValueError(f"not editable: {sorted(set(changes) - allowed)}")
    before = {k: getattr(category, k) for k in changes}
    for name, value in changes.items():
        setattr(category, name, value)
    category.save()
    audit_record(
        actor=actor, action="kb.category.updated", obj=category, before=before, after=changes
    )
    return category


def articles_reindex() -> int:
    """Rebuild every search row (after a change to the dictionary or the stemmer)."""
    count = 0
    for article in Article.objects.select_related("category").iterator(chunk_size=500):
        with transaction.atomic():
            article_index(article)
        count += 1
    return count


@transaction.atomic
def attachment_add(
    *, actor: User | None, article: Article, upload: UploadedFile, now: datetime | None = None
) -> ArticleAttachment:
    _require_author(actor)
    name = (upload.name or "file").rsplit("/", 1)[-1][:255]
    content_type = mimetypes.guess_type(name)[0] or upload.content_type or ""
    errors = []
    if upload.size > _conf("KB_ATTACHMENT_MAX_BYTES"):
        errors.append(FieldError("file", "too_large", "the file is too large"))
    if content_type not in ATTACHMENT_TYPES:
        errors.append(FieldError("file", "unsupported_type", f"{content_type or name} not allowed"))
    if errors:
        raise ValidationFailed("The attachment was refused.", errors)
    now = now or timezone.now()
    attachment = ArticleAttachment(
        article=article, filename=name, content_type=content_type, size=upload.size, created_at=now
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="kb.attachment.added",
        obj=article,
        after={"attachment": attachment.pk, "filename": name, "size": upload.size},
        at=now,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User | None, attachment: ArticleAttachment) -> None:
    _require_author(actor)
    article = attachment.article
    audit_record(
        actor=actor,
        action="kb.attachment.removed",
        obj=article,
        before={"attachment": attachment.pk, "filename": attachment.filename},
    )
    attachment.file.delete(save=False)
    attachment.delete()
