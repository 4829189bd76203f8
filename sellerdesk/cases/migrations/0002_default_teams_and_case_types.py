from django.db import migrations

from sellerdesk.cases.defaults import DEFAULT_CASE_TYPES, DEFAULT_TEAMS


def load(apps, schema_editor):
    Team = apps.get_model("accounts", "Team")
    CaseType = apps.get_model("cases", "CaseType")
    teams = {}
    for code, name_en, name_zh in DEFAULT_TEAMS:
        teams[code], _ = Team.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_zh": name_zh}
        )
    for position, (code, name_en, name_zh, team, required, first_h, resolution_h) in enumerate(
        DEFAULT_CASE_TYPES
    ):
        CaseType.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh": name_zh,
                "team": teams[team],
                "required_fields": required,
                "first_response_hours": first_h,
                "resolution_hours": resolution_h,
                "position": (position + 1) * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
