"""A suggested article opened while filing a case counts as deflected when its reader files
no case within the window (30 minutes by default): the boundary minute by minute."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk.cases.models import Case, CaseType
from sellerdesk.knowledge import reader_services, selectors
from sellerdesk.knowledge.models import SuggestionOpen

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(make_article):
    return make_article("Late shipment rate", "Confirm shipments the same day.")


@pytest.fixture
def fulfilment():
    return CaseType.objects.get(code="order-fulfilment")


def open_at(user, article, case_type, when):
    return reader_services.suggestion_open_record(
        user=user, article=article, case_type=case_type, now=when
    )


def file_case_at(make_case, when):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(created_at=when)
    return case


def report(now):
    return {r.case_type_code: r for r in selectors.deflection_by_case_type(now=now)}


@pytest.mark.parametrize(
    ("filed_after", "outcome"),
    [
        (timedelta(minutes=29, seconds=59), "filed"),
        (timedelta(minutes=30), "filed"),  # "within 30 minutes" includes the 30th
        (timedelta(minutes=30, seconds=1), "deflected"),
        (None, "deflected"),
    ],
)
def test_case_filed_within_the_window_is_not_a_deflection(
    seller_owner, article, fulfilment, make_case, filed_after, outcome
):
    opened = timezone.now() - timedelta(hours=2)
    open_at(seller_owner, article, fulfilment, opened)
    if filed_after is not None:
        file_case_at(make_case, opened + filed_after)
    row = report(timezone.now())["order-fulfilment"]
    assert (row.opened, row.deflected, row.filed, row.pending) == (
        1,
        outcome == "deflected",
        outcome == "filed",
        0,
    )


def test_pending_until_the_window_closes(seller_owner, article, fulfilment):
    opened = timezone.now()
    open_at(seller_owner, article, fulfilment, opened)
    at_end = report(opened + timedelta(minutes=30))["order-fulfilment"]
    assert (at_end.pending, at_end.deflected) == (1, 0)
    after = report(opened + timedelta(minutes=30, seconds=1))["order-fulfilment"]
    assert (after.pending, after.deflected) == (0, 1)
    assert after.rate == 1.0


def test_a_case_filed_before_opening_does_not_count(seller_owner, article, fulfilment, make_case):
    opened = timezone.now() - timedelta(hours=1)
    file_case_at(make_case, opened - timedelta(minutes=1))
    open_at(seller_owner, article, fulfilment, opened)
    assert report(timezone.now())["order-fulfilment"].deflected == 1


def test_another_persons_case_does_not_count(
    seller_owner, seller2_owner, article, fulfilment, make_case
):
    opened = timezone.now() - timedelta(hours=1)
    open_at(seller2_owner, article, fulfilment, opened)
    file_case_at(make_case, opened + timedelta(minutes=5))  # filed by seller_owner
    assert report(timezone.now())["order-fulfilment"].deflected == 1


def test_reopening_within_the_window_counts_once(seller_owner, article, fulfilment):
    opened = timezone.now() - timedelta(hours=1)
    first = open_at(seller_owner, article, fulfilment, opened)
    again = open_at(seller_owner, article, fulfilment, opened + timedelta(minutes=10))
    assert first.pk == again.pk
    later = open_at(seller_owner, article, fulfilment, opened + timedelta(minutes=31))
    assert later.pk != first.pk


def test_reported_per_case_type(seller_owner, article, make_case):
    now = timezone.now()
    payments = CaseType.objects.get(code="payments")
    fulfilment = CaseType.objects.get(code="order-fulfilment")
    open_at(seller_owner, article, payments, now - timedelta(hours=3))
    open_at(seller_owner, article, fulfilment, now - timedelta(hours=2))
    file_case_at(make_case, now - timedelta(hours=2) + timedelta(minutes=3))
    rows = report(now)
    assert (rows["payments"].deflected, rows["payments"].filed) == (1, 0)
    assert (rows["order-fulfilment"].deflected, rows["order-fulfilment"].filed) == (0, 1)
    assert rows["order-fulfilment"].rate == 0.0


def test_window_is_configurable(settings, seller_owner, article, fulfilment):
    settings.SELLERDESK = {**settings.SELLERDESK, "KB_DEFLECTION_WINDOW_MINUTES": 60}
    opened = timezone.now()
    row = open_at(seller_owner, article, fulfilment, opened)
    assert row.window_ends_at == opened + timedelta(minutes=60)


def test_opening_a_suggested_article_in_the_browser_records_it(
    seller_owner, agent_ss, article, client_for
):
    url = f"/university/articles/{article.pk}?suggested=1&case_type=order-fulfilment"
    assert client_for(seller_owner).get(url).status_code == 200
    assert client_for(agent_ss).get(url).status_code == 200  # staff reading is not counted
    row = SuggestionOpen.objects.get()
    assert row.user == seller_owner and row.case_type.code == "order-fulfilment"
    assert row.seller.code == "A1SELLER"
