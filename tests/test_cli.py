"""The `sellerdesk` command: tokens and the demo loader, run in-process."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from sellerdesk import cli
from sellerdesk.accounts.models import ApiToken
from sellerdesk.accounts.selectors import user_for_token
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import Case
from sellerdesk.health import demo as health_demo
from sellerdesk.health.models import HealthSnapshot
from sellerdesk.reports.models import CaseFact
from sellerdesk.sla.models import BusinessCalendar
from sellerdesk.surveys.models import Rating

ROLES = {
    "seller_owner",
    "seller2_owner",
    "agent_seller_support",
    "agent_account_health",
    "agent_fba",
    "agent_advertising",
    "team_lead",
    "account_manager",
    "operator",
}


def test_token_create_list_revoke(seller_owner, capsys):
    assert cli.main(["token", "create", "--user", seller_owner.email, "--name", "erp"]) == 0
    raw = capsys.readouterr().out.strip()
    assert user_for_token(raw) == seller_owner
    assert cli.main(["token", "list", "--user", seller_owner.email]) == 0
    listing = capsys.readouterr().out
    assert "erp" in listing and raw not in listing
    prefix = ApiToken.objects.get().prefix
    assert cli.main(["token", "revoke", "--prefix", prefix]) == 0
    assert user_for_token(raw) is None


def test_token_create_for_unknown_user(db, capsys):
    assert cli.main(["token", "create", "--user", "nobody@example.com"]) == 2
    assert "no user" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_is_idempotent_and_prints_working_tokens(capsys):
    assert cli.main(["demo", "--no-serve", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["base_url"] == "http://127.0.0.1:8000"
    assert set(first["users"]) >= ROLES
    assert first["users"]["seller_owner"]["seller_code"]
    cases = Case.objects.count()
    recent = Case.objects.filter(created_at__gte=timezone.now() - timedelta(days=30)).count()
    assert 45 <= recent <= 75  # cases/demo.py's and the last weeks of the reports' history
    # The reports' history: more than two quarters of cases, rated, in the rollups.
    oldest = Case.objects.order_by("created_at").first().created_at
    assert timezone.now() - oldest > timedelta(days=200)
    assert Rating.objects.count() > 100
    assert CaseFact.objects.count() == cases
    assert set(Case.objects.values_list("status", flat=True)) == {
        "new",
        "open",
        "awaiting_seller",
        "resolved",
        "closed",
    }
    # Every case has its creation audited, and every status it reached left an event.
    assert AuditEvent.objects.filter(action="case.created").count() == cases
    # Account health: both sellers have their daily evaluations (tests/health/test_demo.py).
    snapshots = HealthSnapshot.objects.count()
    assert snapshots == 2 * health_demo.EVALUATED_DAYS
    # Business calendars with public holidays (tests/test_demo_calendars.py).
    calendars = dict(BusinessCalendar.objects.values_list("team__code", "holiday_country"))
    assert calendars == {"account-health": "CN", "seller-support": "US"}

    assert cli.main(["demo", "--no-serve", "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert Case.objects.count() == cases
    assert HealthSnapshot.objects.count() == snapshots
    assert BusinessCalendar.objects.count() == len(calendars)
    for role, entry in second["users"].items():
        assert user_for_token(entry["token"]).email == entry["email"]
        # The previous run's tokens were revoked: they are shown once and not kept.
        assert user_for_token(first["users"][role]["token"]) is None
