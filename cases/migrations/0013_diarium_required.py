"""Cases and series are numbered in a diarium, unique per diarium and year; the
series no longer belongs to a board."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_diarium_move_cases")]

    operations = [
        migrations.AlterModelOptions(
            name="diariumseries",
            options={
                "ordering": ["diarium", "-year"],
                "verbose_name": "diarium series",
                "verbose_name_plural": "diarium series",
            },
        ),
        migrations.RemoveConstraint(
            model_name="case",
            name="cases_case_unique_serial",
        ),
        migrations.RemoveConstraint(
            model_name="diariumseries",
            name="cases_diariumseries_one_per_year",
        ),
        migrations.RemoveField(
            model_name="diariumseries",
            name="board",
        ),
        migrations.AlterField(
            model_name="case",
            name="diarium",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="members.diarium",
                verbose_name="diarium",
            ),
        ),
        migrations.AlterField(
            model_name="diariumseries",
            name="diarium",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="series",
                to="members.diarium",
                verbose_name="diarium",
            ),
        ),
        migrations.AddConstraint(
            model_name="diariumseries",
            constraint=models.UniqueConstraint(
                fields=("diarium", "year"), name="cases_diariumseries_one_per_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                fields=("diarium", "year", "serial"), name="cases_case_unique_serial"
            ),
        ),
    ]
