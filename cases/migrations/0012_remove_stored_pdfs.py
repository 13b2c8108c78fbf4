"""The stored PDFs move to the one PDF cache of the portal (ssr_portal.CachedPdf,
ssr_portal/lib/pdf_cache.py): the meetings' StoredPdf and the document's pdf and
pdf_key go. A cache needs no data migration: the next download of each PDF
renders it again and stores it in the new cache; the old files, which no row
refers to any more, are deleted by `manage.py cleanup_files`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_neutral_titles_of_secret_attached_reports"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="document",
            name="pdf",
        ),
        migrations.RemoveField(
            model_name="document",
            name="pdf_key",
        ),
        migrations.DeleteModel(
            name="StoredPdf",
        ),
    ]
