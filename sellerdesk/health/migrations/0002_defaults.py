from django.db import migrations

from sellerdesk.health.defaults import DEFAULT_RULES, REVIEW_CASE_TYPE


def load(apps, schema_editor):
    HealthSettings = apps.get_model("health", "HealthSettings")
    EnforcementRule = apps.get_model("health", "EnforcementRule")
    CaseType = apps.get_model("cases", "CaseType")
    Team = apps.get_model("accounts", "Team")
    if not HealthSettings.objects.exists():
        HealthSettings.objects.create()
    for position, rule in enumerate(DEFAULT_RULES):
        fields = {k: v for k, v in rule.items() if k != "code"}
        EnforcementRule.objects.get_or_create(
            code=rule["code"], defaults={**fields, "position": (position + 1) * 10}
        )
    # The case the automated review opens, owned by the Account Health team.
    team = Team.objects.filter(code=REVIEW_CASE_TYPE["team"]).first()
    if team is not None:
        CaseType.objects.get_or_create(
            code=REVIEW_CASE_TYPE["code"],
            defaults={
                "name_en": REVIEW_CASE_TYPE["name_en"],
                "name_zh": REVIEW_CASE_TYPE["name_zh"],
                "team": team,
                "required_fields": [],
                "first_response_hours": REVIEW_CASE_TYPE["first_response_hours"],
                "resolution_hours": REVIEW_CASE_TYPE["resolution_hours"],
                "position": 15,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("health", "0001_initial"),
        ("cases", "0002_default_teams_and_case_types"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
