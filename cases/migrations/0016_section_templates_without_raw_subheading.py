"""The default starting text of "Förslag till beslut" was a subheading,
"### {board_genitive} beslut", that the official met as raw signs on the first
line of a section which has its heading already (issue 13). The templates made
from that default (ssr_portal/demo.py copies DEFAULT_SECTIONS) start empty now,
as DEFAULT_SECTIONS does; a starting text an admin wrote is left as it is."""

from django.db import migrations

OLD_DEFAULTS = ["### {board_genitive} beslut\n\n", "### {board_genitive} beslut"]


def without_subheading(apps, schema_editor):
    SectionTemplate = apps.get_model("cases", "SectionTemplate")
    SectionTemplate.objects.filter(text__in=OLD_DEFAULTS).update(text="")


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_protocols_paragraphs_titles")]

    operations = [migrations.RunPython(without_subheading, migrations.RunPython.noop)]
