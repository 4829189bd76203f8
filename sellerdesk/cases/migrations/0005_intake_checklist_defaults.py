"""Default evidence checklists for case intake (see docs/intake.md). Only case types whose
checklist is still the original default are changed, so an operator's edits survive."""

from django.db import migrations

# code: (checklist before, checklist after)
CHECKLISTS = {
    "payments": ([], ["bank_details"]),
    "identity-verification": ([], ["id_documents"]),
    "account-deactivation": ([], ["english_explanation"]),
    "policy-violation": ([], ["english_explanation"]),
}


def forward(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    for code, (old, new) in CHECKLISTS.items():
        row = CaseType.objects.filter(code=code).first()
        if row is not None and list(row.required_fields) == old:
            row.required_fields = new
            row.save(update_fields=["required_fields"])


def backward(apps, schema_editor):
    CaseType = apps.get_model("cases", "CaseType")
    for code, (old, new) in CHECKLISTS.items():
        CaseType.objects.filter(code=code, required_fields=new).update(required_fields=old)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_due_index_for_all_teams")]
    operations = [migrations.RunPython(forward, backward)]
