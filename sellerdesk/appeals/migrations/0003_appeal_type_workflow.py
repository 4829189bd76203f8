"""The appeal case type is owned by the appeals workflow: its cases are answered, resolved and
reopened only through their appeal, and never merged or moved (cases.CaseType.workflow)."""

from django.db import migrations

from sellerdesk.appeals.defaults import APPEAL_CASE_TYPE


def forward(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    CaseType.objects.filter(code=APPEAL_CASE_TYPE[0]).update(workflow="appeal")


def backward(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    CaseType.objects.filter(code=APPEAL_CASE_TYPE[0]).update(workflow="")


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_defaults"), ("cases", "0011_casetype_workflow")]
    operations = [migrations.RunPython(forward, backward)]
