"""A diarium apart from the board (issue 12): the case's diarium and class, the
series' diarium, the klassificeringsstruktur. Nullable until 0013_diarium_move_cases
fills them."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_remove_stored_pdfs"),
        ("members", "0009_diarium_per_board"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Nullable while the series move to their diarium, so that the way back
        # (0013_diarium_move_cases reversed) can fill it again before it is required.
        migrations.AlterField(
            model_name="diariumseries",
            name="board",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="series",
                to="members.board",
                verbose_name="board",
            ),
        ),
        migrations.CreateModel(
            name="CaseClass",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(auto_now=True, verbose_name="updated at"),
                ),
                ("code", models.CharField(max_length=30, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
            ],
            options={
                "verbose_name": "case class",
                "verbose_name_plural": "case classes",
                "ordering": ["organisation__name", "code"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCaseClass",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        blank=True, editable=False, verbose_name="created at"
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(
                        blank=True, editable=False, verbose_name="updated at"
                    ),
                ),
                ("code", models.CharField(max_length=30, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                        max_length=1,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical case class",
                "verbose_name_plural": "historical case classes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="case",
            name="diarium",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="members.diarium",
                verbose_name="diarium",
            ),
        ),
        migrations.AddField(
            model_name="diariumseries",
            name="diarium",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="series",
                to="members.diarium",
                verbose_name="diarium",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="diarium",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="members.diarium",
                verbose_name="diarium",
            ),
        ),
        migrations.AddField(
            model_name="caseclass",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case_classes",
                to="members.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="caseclass",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="cases.caseclass",
                verbose_name="parent class",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="case_class",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="cases.caseclass",
                verbose_name="class",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="case_class",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.caseclass",
                verbose_name="class",
            ),
        ),
        migrations.AddField(
            model_name="historicalcaseclass",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalcaseclass",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="members.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="historicalcaseclass",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="cases.caseclass",
                verbose_name="parent class",
            ),
        ),
        migrations.AddConstraint(
            model_name="caseclass",
            constraint=models.UniqueConstraint(
                fields=("organisation", "code"), name="cases_caseclass_unique_code"
            ),
        ),
    ]
