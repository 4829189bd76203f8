"""Targets stored in minutes are written and read as hours and days (sla/durations.py), and
the SLA admin edits them that way: through the sla_config services, bad input refused by field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import CaseType
from sellerdesk.sla.durations import MAX_MINUTES, format_duration, parse_duration
from sellerdesk.sla.models import SlaPolicy, SlaSettings

from ..test_admin_audit import errors_of, form_values


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("24 h", 1440),
        ("2 d", 2880),
        ("90 min", 90),
        ("90", 90),  # a number alone is minutes, as the field held before
        ("1 d 6 h", 1800),
        ("1d6h", 1800),
        ("1.5 h", 90),
        ("1,5 h", 90),
        ("36 hours", 2160),
        ("2 days", 2880),
        ("48 小时", 2880),
        ("5 天", 7200),
        ("30 分钟", 30),
        ("  3 D ", 4320),
    ],
)
def test_durations_are_read_as_people_write_them(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "   ", "h", "abc", "2 weeks", "1 d 6", "1.01 h", "-2 h"])
def test_what_is_not_a_duration_is_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, "0 min"),
        (90, "90 min"),
        (60, "1 h"),
        (150, "2 h 30 min"),
        (1440, "24 h"),
        (2880, "48 h"),
        (4320, "3 d"),
        (7200, "5 d"),
        (4380, "3 d 1 h"),
    ],
)
def test_durations_are_shown_in_hours_up_to_two_days_and_in_days_beyond(minutes, shown):
    with translation.override("en"):
        assert format_duration(minutes) == shown


@given(st.integers(min_value=0, max_value=MAX_MINUTES))
def test_every_shown_duration_reads_back_as_the_same_minutes(minutes):
    with translation.override("en"):
        assert parse_duration(format_duration(minutes)) == minutes


# --- the admin ----------------------------------------------------------------------------------


@pytest.fixture
def client_of(operator):
    client = Client()
    client.force_login(operator)
    return client


def _policy():
    return SlaPolicy.objects.select_related("case_type").order_by("pk").first()


def test_the_policy_list_shows_hours_and_days(client_of):
    policy = _policy()
    policy.first_response_minutes, policy.resolution_minutes = 24 * 60, 5 * 24 * 60
    policy.save()
    html = client_of.get("/admin/sla/slapolicy/").content.decode()
    assert "24 h" in html and "5 d" in html
    assert f">{policy.first_response_minutes}<" not in html


def test_a_policy_is_edited_in_hours_and_days_and_saved_through_the_service(operator, client_of):
    policy = _policy()
    url = f"/admin/sla/slapolicy/{policy.pk}/change/"
    data = form_values(client_of.get(url).content.decode())
    assert data["first_response_minutes"] == [format_duration(policy.first_response_minutes)]
    data.update(
        {
            "first_response_minutes": ["36 h"],
            "next_response_minutes": ["90 min"],
            "resolution_minutes": ["1 d 6 h"],
        }
    )
    response = client_of.post(url, data)
    assert response.status_code == 302, errors_of(response)
    policy.refresh_from_db()
    assert (
        policy.first_response_minutes,
        policy.next_response_minutes,
        policy.resolution_minutes,
    ) == (2160, 90, 1800)
    event = AuditEvent.objects.get(action="sla_policy.saved", actor=operator)
    assert event.after["first_response_minutes"] == 2160


@pytest.mark.parametrize(
    ("value", "message"),
    [("2 weeks", "Unknown unit"), ("0 h", "At least 1 min"), ("400 d", "At most"), ("", "")],
)
def test_a_bad_duration_is_refused_on_its_field(client_of, value, message):
    policy = _policy()
    before = policy.first_response_minutes
    url = f"/admin/sla/slapolicy/{policy.pk}/change/"
    data = form_values(client_of.get(url).content.decode())
    data["first_response_minutes"] = [value]
    response = client_of.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["first_response_minutes"]
    assert message in str(errors["first_response_minutes"])
    policy.refresh_from_db()
    assert policy.first_response_minutes == before
    assert not AuditEvent.objects.filter(action="sla_policy.saved").exists()


def test_a_new_policy_is_added_with_durations(client_of):
    case_type = CaseType.objects.create(
        code="new-type", name_en="New type", name_zh="新类型", team=_policy().case_type.team
    )
    url = "/admin/sla/slapolicy/add/"
    data = form_values(client_of.get(url).content.decode())
    data.update(
        {
            "case_type": [str(case_type.pk)],
            "tier": ["premium"],
            "first_response_minutes": ["12 h"],
            "next_response_minutes": ["6 h"],
            "resolution_minutes": ["3 d"],
        }
    )
    response = client_of.post(url, data)
    assert response.status_code == 302, errors_of(response)
    policy = SlaPolicy.objects.get(case_type=case_type, tier="premium")
    assert policy.resolution_minutes == 3 * 24 * 60


def test_the_desk_defaults_are_edited_as_durations(client_of):
    settings = SlaSettings.current()
    url = f"/admin/sla/slasettings/{settings.pk}/change/"
    page = client_of.get(url).content.decode()
    data = form_values(page)
    assert data["default_resolution_minutes"] == ["5 d"]
    assert data["default_next_response_minutes"] == ["24 h"]
    data["default_first_response_minutes"] = ["3 d"]
    response = client_of.post(url, data)
    assert response.status_code == 302, errors_of(response)
    settings.refresh_from_db()
    assert settings.default_first_response_minutes == 3 * 24 * 60
    assert AuditEvent.objects.get(action="sla_settings.saved").after == {
        "default_first_response_minutes": 3 * 24 * 60
    }
    listing = client_of.get("/admin/sla/slasettings/").content.decode()
    assert "3 d" in listing and "24 h" in listing
