"""Fixtures of the appeals API tests: a client per user, a cause with its violation, and an
appeal in review. The request bodies they use are built by ``test_api``'s helpers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

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
