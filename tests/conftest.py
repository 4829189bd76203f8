"""Test personas, made through the same services as production data."""

from __future__ import annotations

import os

import pytest

from sellerdesk.accounts import services as accounts
from sellerdesk.accounts.models import Seller, Team, User
from sellerdesk.cases import creation

PASSWORD = "correct-horse-battery-staple"

# Django refuses sync ORM calls from a thread with a running event loop; Playwright's sync API
# runs one, and the browser tests only drive the browser from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request, django_db_blocker):
    # Rate-limit counters live in the shared cache (a table in the test database, or Redis);
    # each test starts with none. A test in a rolled-back transaction leaves none behind, a
    # transactional one (the browser tests) would, so every test that used the database clears
    # the cache after itself.
    yield
    if request.node.get_closest_marker("django_db") or _DB_FIXTURES & set(request.fixturenames):
        from django.core.cache import cache

        with django_db_blocker.unblock():
            cache.clear()


# Valid evidence for the checklist items a case type may require, so fixtures that open
# cases for other purposes stay complete when an operator's defaults ask for more.
SAMPLE_EVIDENCE = {
    "bank_details": {"iban": "DE89370400440532013000"},
    "english_explanation": {
        "english_explanation": "Our account was deactivated after a late shipment spike in "
        "October; we have changed carriers, added a second warehouse shift and now confirm "
        "every order within one business day so that it cannot happen again next season."
    },
}


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # Argon2 is what production uses; tests make many users and only need a real check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(email: str, kind: str, **extra) -> User:
    return accounts.user_create(actor=None, email=email, password=PASSWORD, kind=kind, **extra)


@pytest.fixture
def seller_a(db) -> Seller:
    return accounts.seller_create(
        actor=None, code="A1SELLER", name="深圳星辰贸易", home_country="CN", sites=["US", "JP"]
    )


@pytest.fixture
def seller_b(db) -> Seller:
    return accounts.seller_create(
        actor=None,
        code="B2SELLER",
        name="Hangzhou Bright Co",
        home_country="CN",
        sites=["US", "DE"],
    )


@pytest.fixture
def seller_owner(seller_a) -> User:
    user = make_user("owner@a.example", "seller", language="zh-hans", time_zone="Asia/Shanghai")
    accounts.seller_member_add(actor=None, seller=seller_a, user=user, role="owner")
    return user


@pytest.fixture
def seller2_owner(seller_b) -> User:
    user = make_user("owner@b.example", "seller")
    accounts.seller_member_add(actor=None, seller=seller_b, user=user, role="owner")
    return user


def _agent(email: str, team_code: str, role: str = "agent") -> User:
    user = make_user(email, "agent", languages_spoken=["en", "zh-hans"])
    accounts.team_member_add(
        actor=None, team=Team.objects.get(code=team_code), user=user, role=role
    )
    return user


@pytest.fixture
def agent_ss(db) -> User:
    return _agent("agent.ss@desk.example", "seller-support")


@pytest.fixture
def agent_ah(db) -> User:
    return _agent("agent.ah@desk.example", "account-health")


@pytest.fixture
def lead_ss(db) -> User:
    return _agent("lead.ss@desk.example", "seller-support", role="lead")


@pytest.fixture
def operator(db) -> User:
    return make_user("operator@desk.example", "operator")


@pytest.fixture
def make_case(seller_owner, seller_a):
    """Open a case as seller_a's owner (order fulfilment on US unless told otherwise), with
    sample evidence for whatever else the type's checklist requires, duplicates allowed."""

    def _make(**overrides):
        args = {
            "actor": seller_owner,
            "seller": seller_a,
            "site": "US",
            "case_type": "order-fulfilment",
            "subject": "买家说没收到货 Buyer says not received",
            "description": "订单显示已发货但买家未收到。",
            "language": "zh-hans",
            "fields": {"order_id": "113-1234567-1234567"},
        }
        args.update(overrides)
        from sellerdesk.cases.models import CaseType

        required = CaseType.objects.get(code=args["case_type"]).required_fields
        fields = dict(args["fields"] or {})
        for code in required:
            for key, value in SAMPLE_EVIDENCE.get(code, {}).items():
                fields.setdefault(key, value)
        args["fields"] = fields
        # Setup opens many similar cases on purpose; duplicate detection has its own tests.
        args.setdefault("allow_duplicate", True)
        case, _ = creation.case_create(**args)
        return case

    return _make
