"""Fixtures of the appeals tests: a client per user, a cause with its violation and an appeal
in review for the API tests (their request bodies are built by ``test_api``'s helpers), and
published Seller University articles for the keys the default appeal guides name, so the
self-service reading steps have articles to open (the corpus is loaded by the demo, not by the
migrations)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk.appeals.defaults import DEFAULT_GUIDES
from sellerdesk.health.models import PolicyViolation
from sellerdesk.sites.models import Site
from tests.api.conftest import ApiClient, token_for

from .test_api import body, invoice, make_cause, upload


@pytest.fixture
def as_user():
    return lambda user: ApiClient(token_for(user))


@pytest.fixture
def violation(seller_a):
    return PolicyViolation.objects.create(
        seller=seller_a,
        site=Site.objects.get(code="US"),
        kind="authenticity",
        severity="high",
        detected_at=timezone.now() - timedelta(days=3),
        created_at=timezone.now(),
    )


@pytest.fixture
def cause(seller_a, violation):
    return make_cause(seller_a, violation=violation)


@pytest.fixture
def opened(as_user, seller_owner, seller_a, cause):
    """An appeal in review, opened by seller_a's owner."""
    response = as_user(seller_owner).post(
        "/appeals", body(cause.pk, [invoice(upload(seller_owner, seller_a))])
    )
    assert response.status_code == 201, response.content
    return response.json()


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
