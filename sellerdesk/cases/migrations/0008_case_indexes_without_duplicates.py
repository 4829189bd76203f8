"""Fewer indexes on cases: seller and team lose their single-column indexes (the composite
case_seller_created and case_team_due start with them) and duplicate_of's becomes partial.
Each index is an entry per case write; the SLA sweep's conditional writes touch them all.

The database side is plain DROP/CREATE INDEX: the field changes alone would make SQLite copy
the whole cases table once per field."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (the index Django made for the foreign key, its column)
DROPPED = [
    ("cases_case_seller_id_b73b3030", "seller_id"),
    ("cases_case_team_id_60679476", "team_id"),
    ("cases_case_duplicate_of_id_1796dfe5", "duplicate_of_id"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0007_case_type_targets_in_sla_policies"),
        ("marketplaces", "0002_default_sites"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "cases_case" ("{column}")',
                )
                for name, column in DROPPED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="cases.case",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="seller",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="accounts.seller",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="team",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="accounts.team",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", False)),
                fields=["duplicate_of"],
                name="case_duplicates",
            ),
        ),
    ]
