"""The migrations that set the diarium apart from the board (members 0008–0010,
cases 0013_diarium_*): every board gets a diarium of its own with its prefix and
format, every case and series moves to it, and no number changes."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("members", "0007_api_tokens_and_external_identities"),
    ("cases", "0012_remove_stored_pdfs"),
]
AFTER = [
    ("members", "0010_diarium_board_number_format_moved"),
    ("cases", "0013_diarium_required"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_data_moves_to_a_diarium_per_board_with_every_number_unchanged(before):
    Organisation = before.get_model("members", "Organisation")
    Board = before.get_model("members", "Board")
    Case = before.get_model("cases", "Case")
    DiariumSeries = before.get_model("cases", "DiariumSeries")
    huddinge = Organisation.objects.create(
        name="Huddinge kommun", slug="huddinge", kind="kommun"
    )
    botkyrka = Organisation.objects.create(
        name="Botkyrka kommun", slug="botkyrka", kind="kommun"
    )
    ks = Board.objects.create(
        organisation=huddinge, name="Kommunstyrelsen", prefix="KS"
    )
    # Two boards of one organisation with the same name still get a diarium each.
    bn = Board.objects.create(
        organisation=huddinge, name="Kommunstyrelsen", prefix="BN"
    )
    botkyrka_ks = Board.objects.create(
        organisation=botkyrka,
        name="Kommunstyrelsen",
        prefix="KS",
        number_format="{prefix}/{year}:{serial}",
    )
    cases = {
        "KS 2023/236": (ks, 2023, 236),
        "BN 2023/236": (bn, 2023, 236),
        "KS/2023:412": (botkyrka_ks, 2023, 412),
    }
    for number, (board, year, serial) in cases.items():
        Case.objects.create(
            board=board,
            year=year,
            serial=serial,
            number=number,
            title=number,
            registered_date=datetime.date(2023, 3, 20),
        )
        DiariumSeries.objects.create(board=board, year=year, last_serial=serial)

    after = migrate(AFTER)

    Board = after.get_model("members", "Board")
    Case = after.get_model("cases", "Case")
    DiariumSeries = after.get_model("cases", "DiariumSeries")
    boards = {b.pk: b for b in Board.objects.select_related("diarium")}
    assert len({b.diarium_id for b in boards.values()}) == 3
    assert {
        (b.prefix, b.diarium.prefix, b.diarium.name, b.diarium.number_format)
        for b in boards.values()
    } == {
        ("KS", "KS", "Kommunstyrelsen", "{prefix} {year}/{serial}"),
        ("BN", "BN", "Kommunstyrelsen (BN)", "{prefix} {year}/{serial}"),
        ("KS", "KS", "Kommunstyrelsen", "{prefix}/{year}:{serial}"),
    }
    for number, (board, year, serial) in cases.items():
        case = Case.objects.get(number=number)
        assert (case.board_id, case.year, case.serial) == (board.pk, year, serial)
        assert case.diarium_id == boards[board.pk].diarium_id
        series = DiariumSeries.objects.get(diarium_id=case.diarium_id, year=year)
        assert series.last_serial == serial
    # The diarium's format writes the numbers the cases have.
    for case in Case.objects.select_related("diarium"):
        diarium = case.diarium
        assert (
            diarium.number_format.format(
                prefix=diarium.prefix, year=case.year, serial=case.serial
            )
            == case.number
        )

    # And back: the board has its format again, the series its board.
    old = migrate(BEFORE)
    Board = old.get_model("members", "Board")
    DiariumSeries = old.get_model("cases", "DiariumSeries")
    assert Board.objects.get(pk=botkyrka_ks.pk).number_format == (
        "{prefix}/{year}:{serial}"
    )
    assert DiariumSeries.objects.get(board_id=bn.pk).last_serial == 236
