"""One diarium per existing board, with the board's name, prefix and number
format, so that every case keeps the number it has (issue 12). Before the
number format leaves the board (0010)."""

from django.db import migrations


def diarium_per_board(apps, schema_editor):
    Board = apps.get_model("members", "Board")
    Diarium = apps.get_model("members", "Diarium")
    for board in Board.objects.filter(diarium__isnull=True).order_by("pk"):
        name = board.name
        # Two boards of one organisation may share a name; diaria may not.
        if Diarium.objects.filter(
            organisation_id=board.organisation_id, name=name
        ).exists():
            name = f"{board.name} ({board.prefix})"
        board.diarium = Diarium.objects.create(
            organisation_id=board.organisation_id,
            name=name,
            prefix=board.prefix,
            number_format=board.number_format,
        )
        board.save(update_fields=["diarium"])


def number_format_back(apps, schema_editor):
    Board = apps.get_model("members", "Board")
    for board in Board.objects.exclude(diarium__isnull=True).select_related("diarium"):
        board.number_format = board.diarium.number_format
        board.save(update_fields=["number_format"])


class Migration(migrations.Migration):
    dependencies = [("members", "0008_diarium_model")]

    operations = [migrations.RunPython(diarium_per_board, number_format_back)]
