"""Macros: placeholders rendered in the case's language and the seller's time zone, applied
through the case services, personal and team-shared, every change audited."""

from datetime import UTC, datetime

import pytest

from sellerdesk.accounts.models import Team
from sellerdesk.audit.models import AuditEvent
from sellerdesk.cases.models import Message
from sellerdesk.lib.errors import Forbidden, ValidationFailed
from sellerdesk.workspace import placeholders, selectors, services
from sellerdesk.workspace.models import Macro

BODY_EN = "Hello {seller_name}, about case {case_number}: we answer by {first_response_due}."
BODY_ZH = "{seller_name}您好，案例 {case_number}：我们将在 {first_response_due} 前答复。"


@pytest.fixture
def ss_team(db):
    return Team.objects.get(code="seller-support")


@pytest.fixture
def team_macro(lead_ss, ss_team):
    return services.macro_save(
        actor=lead_ss, name="Greeting", body_en=BODY_EN, body_zh=BODY_ZH, team=ss_team
    )


def test_placeholders_render_and_unknown_ones_are_named():
    assert placeholders.unknown_placeholders("{seller_name} {oops} {oops} {x}") == ["oops", "x"]
    when = datetime(2026, 12, 8, 6, 0, tzinfo=UTC)
    assert placeholders.format_deadline(when, "Asia/Shanghai") == "2026-12-08 14:00 (Asia/Shanghai)"
    assert placeholders.format_deadline(when, "Nowhere/City") == "2026-12-08 06:00 (UTC)"
    assert placeholders.format_deadline(None, "UTC") == "—"
    assert placeholders.render("{case_number} {other}", {"case_number": "1"}) == "1 {other}"


def test_render_in_the_cases_language_and_the_sellers_time_zone(
    team_macro, make_case, seller_owner
):
    seller_owner.time_zone = "Asia/Shanghai"
    seller_owner.save()
    zh_case = make_case(language="zh-hans")
    text = services.macro_render(team_macro, zh_case)
    due = placeholders.format_deadline(zh_case.first_response_due_at, "Asia/Shanghai")
    assert text == f"{zh_case.seller.name}您好，案例 {zh_case.number}：我们将在 {due} 前答复。"
    en_case = make_case(language="en")
    assert services.macro_render(team_macro, en_case).startswith(
        f"Hello {en_case.seller.name}, about case {en_case.number}"
    )


def test_apply_sends_the_reply_through_the_case_service_and_audits_it(
    team_macro, make_case, agent_ss
):
    case = make_case(language="en")
    services.macro_apply(actor=agent_ss, macro=team_macro, case=case)
    message = Message.objects.get(case=case, author=agent_ss)
    assert message.kind == "reply" and message.body.startswith("Hello ")
    case.refresh_from_db()
    assert case.first_response_at is not None
    applied = AuditEvent.objects.get(action="macro.applied")
    assert applied.actor == agent_ss and applied.case_id == case.pk and applied.internal
    assert case.events.filter(action="case.reply_added").exists()


@pytest.mark.parametrize(
    ("action", "kind", "status"),
    [("request_info", "request_info", "awaiting_seller"), ("note", "note", "new")],
)
def test_macro_actions(lead_ss, agent_ss, ss_team, make_case, action, kind, status):
    macro = services.macro_save(
        actor=lead_ss, name=action, body_en="Text {case_number}", team=ss_team, action=action
    )
    case = make_case()
    services.macro_apply(actor=agent_ss, macro=macro, case=case)
    case.refresh_from_db()
    assert Message.objects.get(case=case, author=agent_ss).kind == kind
    assert case.status == status


def test_resolving_macro_closes_with_its_reason(lead_ss, agent_ss, ss_team, make_case):
    macro = services.macro_save(
        actor=lead_ss,
        name="Spam",
        body_en="Closed as spam.",
        team=ss_team,
        action="resolve",
        close_reason="spam",
    )
    case = make_case()
    case = services.macro_apply(actor=agent_ss, macro=macro, case=case, body="Edited text")
    assert case.status == "resolved" and case.close_reason == "spam"
    assert Message.objects.get(case=case, kind="resolution").body == "Edited text"


def test_personal_and_team_macros_are_seen_by_the_right_people(
    team_macro, agent_ss, agent_ah, lead_ss
):
    mine = services.macro_save(actor=agent_ss, name="Mine", body_en="Hi {seller_name}")
    assert mine.owner == agent_ss and mine.team is None
    assert set(selectors.macros_for(agent_ss)) == {team_macro, mine}
    assert set(selectors.macros_for(agent_ah)) == set()
    assert set(selectors.macros_for(lead_ss)) == {team_macro}
    with pytest.raises(Forbidden):
        services.macro_apply(actor=agent_ah, macro=mine, case=None)


def test_only_leads_share_with_a_team_and_only_managers_change(
    agent_ss, lead_ss, ss_team, team_macro
):
    with pytest.raises(Forbidden):
        services.macro_save(actor=agent_ss, name="x", body_en="y", team=ss_team)
    with pytest.raises(Forbidden):
        services.macro_save(actor=agent_ss, macro=team_macro, name="x", body_en="y", team=ss_team)
    services.macro_save(
        actor=lead_ss, macro=team_macro, name="Greeting v2", body_en=BODY_EN, team=ss_team
    )
    event = AuditEvent.objects.filter(action="macro.updated").get()
    assert event.before == {"name": "Greeting", "body_zh": BODY_ZH}
    assert event.after == {"name": "Greeting v2", "body_zh": ""}
    services.macro_delete(actor=lead_ss, macro=team_macro)
    assert not Macro.objects.exists()
    assert AuditEvent.objects.filter(action="macro.deleted").exists()


def test_bad_macros_are_refused_naming_the_field(agent_ss):
    with pytest.raises(ValidationFailed) as exc:
        services.macro_save(
            actor=agent_ss,
            name="",
            body_en="Hi {name}",
            body_zh="{deadline}",
            action="resolve",
            close_reason="because",
        )
    fields = {(e.field, e.code) for e in exc.value.errors}
    assert fields == {
        ("name", "required"),
        ("body_en", "unknown_placeholder"),
        ("body_zh", "unknown_placeholder"),
        ("close_reason", "invalid"),
    }
    assert not Macro.objects.exists()
