"""Seller University fixtures: the starter corpus, articles made through the services, and
training events."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from sellerdesk.knowledge import corpus, services
from sellerdesk.knowledge.models import Category
from sellerdesk.knowledge.training import services as training_services
from tests.conftest import make_user


@pytest.fixture(scope="module")
def loaded_corpus(django_db_setup, django_db_blocker):
    """The starter corpus, loaded once per module (a load takes a couple of seconds) and
    removed afterwards with its audit rows, so no other test sees it."""
    from sellerdesk.audit.models import AuditEvent
    from sellerdesk.knowledge.models import Article

    with django_db_blocker.unblock():
        report = corpus.load()
    yield report
    with django_db_blocker.unblock():
        ids = [str(pk) for pk in Article.objects.values_list("pk", flat=True)]
        Article.objects.all().delete()
        AuditEvent.objects.filter(object_type="knowledge.article", object_id__in=ids).delete()


@pytest.fixture
def make_article(db):
    def _make(title: str, body: str = "Body.", **extra):
        args = {
            "actor": None,
            "key": extra.pop("key", None) or f"a-{abs(hash(title)) % 10**9}",
            "language": "en",
            "category": Category.objects.get(code=extra.pop("category", "support")),
            "title": title,
            "body": body,
        }
        args.update(extra)
        return services.article_create(**args)

    return _make


@pytest.fixture
def client_for(db):
    def _client(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return _client


@pytest.fixture
def seller_member(seller_a, seller_owner):
    """A second member of seller_a, so two people of one seller can register."""
    from sellerdesk.accounts import services as accounts

    user = make_user("ops@a.example", "seller")
    accounts.seller_member_add(actor=None, seller=seller_a, user=user, role="operations")
    return user


@pytest.fixture
def make_event(db):
    def _make(capacity: int = 10, starts_in=timedelta(days=3), **extra):
        start = timezone.now() + starts_in
        args = {
            "actor": None,
            "kind": "salon",
            "title_en": "Account health salon",
            "title_zh": "账户健康沙龙",
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "capacity": capacity,
            "city": "深圳",
            "venue": "南山区科技园",
            "time_zone": "Asia/Shanghai",
        }
        args.update(extra)
        return training_services.event_create(**args)

    return _make


@pytest.fixture
def sellers(db, seller_a):
    """Ten seller users of seller_a."""
    from sellerdesk.accounts import services as accounts

    users = []
    for i in range(10):
        user = make_user(f"member{i}@a.example", "seller")
        accounts.seller_member_add(actor=None, seller=seller_a, user=user, role="operations")
        users.append(user)
    return users
