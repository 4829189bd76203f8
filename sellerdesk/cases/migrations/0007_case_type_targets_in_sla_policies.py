"""Service-level targets have one home, sla.SlaPolicy: case types created with their own
hours (by an operator, or by the health app's review type) get policy rows with those hours
before the duplicate columns go."""

from django.db import migrations


def move_hours_to_policies(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    SlaPolicy = apps.get_model("sla", "SlaPolicy")
    SlaSettings = apps.get_model("sla", "SlaSettings")
    settings = SlaSettings.objects.order_by("pk").first()
    next_minutes = settings.default_next_response_minutes if settings else 24 * 60
    premium_percent = settings.premium_target_percent if settings else 50
    for case_type in CaseType.objects.all():
        if SlaPolicy.objects.filter(case_type=case_type).exists():
            continue
        standard = (
            case_type.first_response_hours * 60,
            next_minutes,
            case_type.resolution_hours * 60,
        )
        for tier, minutes in (
            ("standard", standard),
            ("premium", tuple(m * premium_percent // 100 for m in standard)),
        ):
            SlaPolicy.objects.create(
                case_type=case_type,
                tier=tier,
                first_response_minutes=minutes[0],
                next_response_minutes=minutes[1],
                resolution_minutes=minutes[2],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_case_close_reason_sensitivefield_supportrestriction"),
        ("sla", "0002_default_policies"),
        # The health app creates its review case type with hours; it must run first.
        ("health", "0002_defaults"),
    ]

    operations = [
        migrations.RunPython(move_hours_to_policies, migrations.RunPython.noop),
        migrations.RemoveField(model_name="casetype", name="first_response_hours"),
        migrations.RemoveField(model_name="casetype", name="resolution_hours"),
    ]
