"""The appeal case type (Account Health, 24 h to the first response under the same SLA policies
as other cases; sellers do not pick it on the support form) and the operator data an appeal
starts with (appeals/defaults.py)."""

from django.db import migrations

from sellerdesk.appeals.defaults import (
    APPEAL_CASE_TYPE,
    DEFAULT_GUIDES,
    DEFAULT_REJECTION_REASONS,
    DEFAULT_REQUIREMENTS,
)

NEXT_RESPONSE_HOURS = 24
PREMIUM_PERCENT = 50  # as sla 0002: premium targets are half the standard ones


def load(apps, schema_editor):
    Team = apps.get_model("accounts", "Team")
    CaseType = apps.get_model("cases", "CaseType")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    code, name_en, name_zh, team_code, first_h, resolution_h = APPEAL_CASE_TYPE
    team = Team.objects.filter(code=team_code).first()
    if team is not None and not CaseType.objects.filter(code=code).exists():
        case_type = CaseType.objects.create(
            code=code,
            name_en=name_en,
            name_zh=name_zh,
            team=team,
            required_fields=[],
            position=900,
            seller_can_open=False,
        )
        standard = (first_h * 60, NEXT_RESPONSE_HOURS * 60, resolution_h * 60)
        for tier, minutes in (
            ("standard", standard),
            ("premium", tuple(m * PREMIUM_PERCENT // 100 for m in standard)),
        ):
            SlaPolicy.objects.get_or_create(
                case_type=case_type,
                tier=tier,
                defaults={
                    "first_response_minutes": minutes[0],
                    "next_response_minutes": minutes[1],
                    "resolution_minutes": minutes[2],
                },
            )
    Requirement = apps.get_model("appeals", "EvidenceRequirement")
    for position, row in enumerate(DEFAULT_REQUIREMENTS, start=1):
        kind, req_code, label_en, label_zh, help_en, help_zh, max_age, supplier = row
        Requirement.objects.get_or_create(
            cause_kind=kind,
            code=req_code,
            defaults={
                "label_en": label_en,
                "label_zh": label_zh,
                "help_en": help_en,
                "help_zh": help_zh,
                "max_age_days": max_age,
                "needs_supplier": supplier,
                "position": position * 10,
            },
        )
    Guide = apps.get_model("appeals", "AppealGuide")
    for kind, articles in DEFAULT_GUIDES:
        Guide.objects.get_or_create(cause_kind=kind, defaults={"articles": articles})
    Reason = apps.get_model("appeals", "RejectionReason")
    for position, (reason_code, label_en, label_zh) in enumerate(DEFAULT_REJECTION_REASONS, 1):
        Reason.objects.get_or_create(
            code=reason_code,
            defaults={"label_en": label_en, "label_zh": label_zh, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0001_initial"),
        ("cases", "0010_casetype_seller_can_open"),
        ("sla", "0003_labels"),
        ("accounts", "0003_labels"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
