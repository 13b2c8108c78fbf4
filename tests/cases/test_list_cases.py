"""`manage.py list_cases`: number<TAB>status<TAB>title, oldest first."""

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case
from tests.factories import BoardFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def diarium(ks, botkyrka_ks, huddinge):
    CaseFactory(board=ks, year=2023, serial=236, title="Målbild SSR 2023-2026")
    CaseFactory(
        board=ks, year=2014, serial=195, title="Avsiktsförklaring", status="closed"
    )
    CaseFactory(board=ks, year=2015, serial=560, title="Överenskommelse")
    CaseFactory(board=botkyrka_ks, year=2023, serial=412, title="RSA 2023")
    environment = BoardFactory(organisation=huddinge, name="Miljönämnden", prefix="MN")
    CaseFactory(board=environment, year=2023, serial=3, title="Tillsyn\tmed tabb")


def _lines(capsys, **options) -> list[str]:
    call_command("list_cases", **options)
    return capsys.readouterr().out.splitlines()


def test_every_case_is_one_tab_separated_line_oldest_first(diarium, capsys):
    assert _lines(capsys) == [
        "KS 2014/195\tclosed\tAvsiktsförklaring",
        "KS 2015/560\tregistered\tÖverenskommelse",
        "MN 2023/3\tregistered\tTillsyn med tabb",
        "KS 2023/236\tregistered\tMålbild SSR 2023-2026",
        "KS/2023:412\tregistered\tRSA 2023",
    ]


def test_board_lists_that_prefix_in_every_organisation(diarium, capsys):
    numbers = [line.split("\t")[0] for line in _lines(capsys, board="KS")]
    assert numbers == ["KS 2014/195", "KS 2015/560", "KS 2023/236", "KS/2023:412"]


def test_year_and_organisation_narrow_the_list(diarium, capsys):
    assert [line.split("\t")[0] for line in _lines(capsys, year=2023, board="KS")] == [
        "KS 2023/236",
        "KS/2023:412",
    ]
    by_slug = _lines(capsys, board="KS", organisation="botkyrka")
    by_code = _lines(capsys, board="KS", organisation="0127")
    assert by_slug == by_code == ["KS/2023:412\tregistered\tRSA 2023"]


def test_an_unknown_organisation_is_an_error(diarium):
    with pytest.raises(CommandError):
        call_command("list_cases", organisation="atlantis")


def test_an_empty_diarium_prints_nothing(db, capsys):
    assert not Case.objects.exists()
    assert _lines(capsys) == []


def test_board_ks_on_the_demo_lists_the_cases_by_year(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    capsys.readouterr()
    numbers = [line.split("\t")[0] for line in _lines(capsys, board="KS")]
    assert numbers == [
        "KS 2014/195",
        "KS 2015/560",
        "KS 2023/236",
        "KS 2023/237",
        "KS 2023/238",
        "KS 2023/239",
        "KS/2023:412",
        "KS 2024/87",
    ]
    assert _lines(capsys, board="KS", organisation="huddinge")[-5:] == [
        "KS 2023/236\tdispatched\tMålbild Samverkan Stockholmsregionen 2023-2026",
        "KS 2023/237\tdrafting\tExempelärende: Yttrande över regional "
        "krisberedskapsplan",
        # The secret and the partly secret case (the command is the IT
        # department's, on the server: it lists every title).
        "KS 2023/238\tdrafting\tSäkerhetsskyddsåtgärder för kommunens "
        "krisledningsplats",
        "KS 2023/239\tdrafting\tUpphandling av reservkraft till kommunens "
        "krisledningsplats",
        # Through the arbetsutskott, the styrelse and the fullmäktige
        # (ssr_portal/demo_path.py), ready to be dispatched.
        "KS 2024/87\tadjusted\tStyrdokument för krisberedskap och civilt försvar "
        "2024–2027",
    ]
