from django.db import migrations

from sellerdesk.cases.defaults import DEFAULT_CASE_TYPES

NEXT_RESPONSE_HOURS = 24
PREMIUM_PERCENT = 50  # the default: premium targets are half the standard ones


def load(apps, schema_editor):
    SlaSettings = apps.get_model("sla", "SlaSettings")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    CaseType = apps.get_model("cases", "CaseType")
    if not SlaSettings.objects.exists():
        SlaSettings.objects.create()
    for code, _en, _zh, _team, _fields, first_h, resolution_h in DEFAULT_CASE_TYPES:
        case_type = CaseType.objects.filter(code=code).first()
        if case_type is None:
            continue
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


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial"), ("cases", "0002_default_teams_and_case_types")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
