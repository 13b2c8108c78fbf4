"""Every case and series to the diarium made for its board (members 0009): the
serials and the stored numbers stay as they are."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def to_diarium(apps, schema_editor):
    Board = apps.get_model("members", "Board")
    Case = apps.get_model("cases", "Case")
    DiariumSeries = apps.get_model("cases", "DiariumSeries")
    board_diarium = Subquery(
        Board.objects.filter(pk=OuterRef("board_id")).values("diarium_id")[:1]
    )
    Case.objects.filter(diarium__isnull=True).update(diarium_id=board_diarium)
    DiariumSeries.objects.filter(diarium__isnull=True).update(diarium_id=board_diarium)


def to_board(apps, schema_editor):
    """Back: each series to the first board of its diarium."""
    Board = apps.get_model("members", "Board")
    DiariumSeries = apps.get_model("cases", "DiariumSeries")
    first_board = Subquery(
        Board.objects.filter(diarium_id=OuterRef("diarium_id"))
        .order_by("pk")
        .values("pk")[:1]
    )
    DiariumSeries.objects.update(board_id=first_board)


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_diarium_fields")]

    operations = [migrations.RunPython(to_diarium, to_board)]
