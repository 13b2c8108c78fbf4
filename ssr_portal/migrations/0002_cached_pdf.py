"""The one PDF cache of the portal (ssr_portal/lib/pdf_cache.py), which takes over
from cases' StoredPdf and Document.pdf/pdf_key. A cache needs no data migration:
it starts empty and fills as PDFs are downloaded."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ssr_portal", "0001_worker_heartbeat_and_periodic_runs"),
    ]

    operations = [
        migrations.CreateModel(
            name="CachedPdf",
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
                ("scope", models.CharField(max_length=200, verbose_name="scope")),
                ("key", models.CharField(max_length=64, verbose_name="PDF key")),
                (
                    "file",
                    models.FileField(
                        max_length=255, upload_to="", verbose_name="stored PDF"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="created at"
                    ),
                ),
            ],
            options={
                "verbose_name": "stored PDF",
                "verbose_name_plural": "stored PDFs",
                "ordering": ["scope", "-created_at"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scope", "key"), name="ssr_portal_cachedpdf_unique_key"
                    )
                ],
            },
        ),
    ]
