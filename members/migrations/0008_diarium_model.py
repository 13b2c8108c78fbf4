"""A diarium apart from the board (issue 12): the model, and the board's diarium."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_api_tokens_and_external_identities"),
    ]

    operations = [
        migrations.CreateModel(
            name="Diarium",
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
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "prefix",
                    models.CharField(
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[\\wÅÄÖåäö.-]+$", "Letters only, e.g. KS."
                            )
                        ],
                        verbose_name="prefix",
                    ),
                ),
                (
                    "number_format",
                    models.CharField(
                        default="{prefix} {year}/{serial}",
                        help_text="Placeholders: {prefix}, {year} (2024), {yy} (24), {month} (05), {class} (the case's class code), {serial} and {serial:4} (0045); any other text is written as it stands.",
                        max_length=60,
                        verbose_name="number format",
                    ),
                ),
                (
                    "first_serial",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="The serial the first case of each new year gets.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="first serial of a year",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="diaria",
                        to="members.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "diarium",
                "verbose_name_plural": "diaria",
                "ordering": ["organisation__name", "name"],
            },
        ),
        migrations.AddField(
            model_name="board",
            name="diarium",
            field=models.ForeignKey(
                blank=True,
                help_text="Where the cases registered for the board are numbered.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="boards",
                to="members.diarium",
                verbose_name="diarium",
            ),
        ),
        migrations.AddField(
            model_name="historicalboard",
            name="diarium",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Where the cases registered for the board are numbered.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="members.diarium",
                verbose_name="diarium",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalDiarium",
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
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "prefix",
                    models.CharField(
                        max_length=20,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[\\wÅÄÖåäö.-]+$", "Letters only, e.g. KS."
                            )
                        ],
                        verbose_name="prefix",
                    ),
                ),
                (
                    "number_format",
                    models.CharField(
                        default="{prefix} {year}/{serial}",
                        help_text="Placeholders: {prefix}, {year} (2024), {yy} (24), {month} (05), {class} (the case's class code), {serial} and {serial:4} (0045); any other text is written as it stands.",
                        max_length=60,
                        verbose_name="number format",
                    ),
                ),
                (
                    "first_serial",
                    models.PositiveIntegerField(
                        default=1,
                        help_text="The serial the first case of each new year gets.",
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="first serial of a year",
                    ),
                ),
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
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="members.organisation",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical diarium",
                "verbose_name_plural": "historical diaria",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name="diarium",
            constraint=models.UniqueConstraint(
                fields=("organisation", "name"), name="members_diarium_unique_name"
            ),
        ),
        migrations.AddConstraint(
            model_name="diarium",
            constraint=models.CheckConstraint(
                condition=models.Q(("first_serial__gte", 1)),
                name="members_diarium_first_serial_positive",
            ),
        ),
    ]
