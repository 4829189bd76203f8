"""Published Seller University articles for the keys the default appeal guides name, so the
self-service reading steps have articles to open (the corpus is loaded by the demo, not by the
migrations)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sellerdesk.appeals.defaults import DEFAULT_GUIDES


@pytest.fixture
def guide_corpus(db):
    from sellerdesk.knowledge.models import Article, Category

    category, _ = Category.objects.get_or_create(
        code="appeal-guides", defaults={"name_en": "Appeals", "name_zh": "申诉"}
    )
    keys = sorted({key for _kind, articles in DEFAULT_GUIDES for key in articles})
    now = timezone.now()
    for key in keys:
        for language in ("en", "zh-hans"):
            Article.objects.get_or_create(
                key=key,
                language=language,
                defaults={
                    "category": category,
                    "title": f"{key} ({language})",
                    "body": key,
                    "status": Article.Status.PUBLISHED,
                    "created_at": now,
                    "updated_at": now,
                },
            )
    return keys
