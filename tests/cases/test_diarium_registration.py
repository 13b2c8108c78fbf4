"""Registering in a diarium apart from the board (issue 12): the diarium made for
a board that has none, a shared diarium, the series start, the registration
date and the class a number carries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import CaseClass, DiariumSeries
from cases.services import case_import, case_register, case_update
from members.models import Board, Diarium
from tests.factories import BoardFactory, DiariumFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 2)


def _register(board, user, *, registered_date=DAY, **fields):
    return case_register(
        board=board,
        title="Ärende",
        registered_by=user,
        registered_date=registered_date,
        **fields,
    )


@pytest.fixture
def class_042(huddinge):
    return CaseClass.objects.create(
        organisation=huddinge, code="042", name="Krisberedskap"
    )


def test_a_board_without_a_diarium_gets_one_named_after_it(ks, alice):
    assert ks.diarium is None
    case = _register(ks, alice)
    diarium = Board.objects.get(pk=ks.pk).diarium
    assert (diarium.name, diarium.prefix, diarium.number_format) == (
        "Kommunstyrelsen",
        "KS",
        "{prefix} {year}/{serial}",
    )
    assert (case.diarium, case.number) == (diarium, "KS 2024/1")
    assert _register(ks, alice).diarium == diarium


def test_two_boards_share_one_diarium_and_its_serials(ks, alice, huddinge):
    diarium = DiariumFactory(organisation=huddinge, name="KS-förvaltningen")
    ks.diarium = diarium
    ks.save()
    au = BoardFactory(
        organisation=huddinge, name="Arbetsutskottet", prefix="KSAU", diarium=diarium
    )
    assert _register(ks, alice).number == "KS 2024/1"
    second = _register(au, alice)
    assert (second.board, second.number) == (au, "KS 2024/2")


def test_the_registrator_may_number_in_another_diarium_of_the_organisation(
    ks, alice, huddinge
):
    other = DiariumFactory(organisation=huddinge, name="Samhällsbyggnad", prefix="SBF")
    case = _register(ks, alice, diarium=other)
    assert (case.board, case.diarium, case.number) == (ks, other, "SBF 2024/1")


def test_a_diarium_of_another_organisation_is_refused(ks, alice, botkyrka):
    other = DiariumFactory(organisation=botkyrka, name="Botkyrkas diarium")
    with pytest.raises(ValidationError) as error:
        _register(ks, alice, diarium=other)
    assert error.value.message_dict["diarium"] == [
        "Diariet måste tillhöra nämndens organisation."
    ]
    assert not DiariumSeries.objects.exists()


def test_a_board_may_not_point_at_another_organisations_diarium(ks, botkyrka):
    ks.diarium = DiariumFactory(organisation=botkyrka, name="Botkyrkas diarium")
    with pytest.raises(ValidationError) as error:
        ks.full_clean()
    assert error.value.message_dict["diarium"] == [
        "Diariet måste tillhöra nämndens organisation."
    ]


def test_a_new_year_starts_at_the_diarium_s_first_serial(ks, alice, huddinge):
    ks.diarium = DiariumFactory(organisation=huddinge, first_serial=100)
    ks.save()
    assert _register(ks, alice).number == "KS 2024/100"
    assert _register(ks, alice).number == "KS 2024/101"


def test_a_year_continues_from_the_next_serial_set_on_its_series(ks, alice, huddinge):
    """An organisation that moves to the portal in May continues its numbers."""
    ks.diarium = DiariumFactory(organisation=huddinge)
    ks.save()
    DiariumSeries.objects.create(diarium=ks.diarium, year=2024, last_serial=310)
    assert _register(ks, alice).serial == 311
    # Another year is not touched by it.
    other_year = _register(ks, alice, registered_date=datetime.date(2023, 12, 30))
    assert other_year.number == "KS 2023/1"


def test_an_imported_case_moves_the_series_past_it(ks, alice):
    case_import(board=ks, year=2024, serial=87, title="Inläst", registered_date=DAY)
    assert _register(ks, alice).serial == 88


def test_the_registration_date_may_be_earlier_and_decides_year_and_month(
    ks, alice, huddinge
):
    ks.diarium = DiariumFactory(
        organisation=huddinge,
        prefix="LS",
        number_format="{prefix} {yy}{month}-{serial:4}",
    )
    ks.save()
    case = _register(ks, alice, registered_date=datetime.date(2023, 11, 28))
    assert (case.registered_date, case.year, case.number) == (
        datetime.date(2023, 11, 28),
        2023,
        "LS 2311-0001",
    )
    # The history records the date the registrator gave.
    assert case.history.get().registered_date == datetime.date(2023, 11, 28)


def test_a_registration_date_in_the_future_is_refused(ks, alice):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _register(ks, alice, registered_date=tomorrow)
    assert error.value.message_dict["registered_date"] == [
        "Registreringsdatumet kan inte ligga i framtiden."
    ]
    assert not DiariumSeries.objects.exists()


def test_today_is_allowed(ks, alice):
    today = timezone.localdate()
    assert _register(ks, alice, registered_date=today).registered_date == today


def test_a_number_with_the_class_code(ks, alice, huddinge, class_042):
    ks.diarium = DiariumFactory(
        organisation=huddinge,
        name="Kommunstyrelsens diarium",
        number_format="{year}/{prefix} {serial:4} {class}",
    )
    ks.save()
    DiariumSeries.objects.create(diarium=ks.diarium, year=2024, last_serial=44)
    case = _register(ks, alice, case_class=class_042)
    assert (case.case_class, case.number) == (class_042, "2024/KS 0045 042")


def test_a_class_format_makes_the_class_required(ks, alice, huddinge):
    ks.diarium = DiariumFactory(
        organisation=huddinge,
        name="Kommunstyrelsens diarium",
        number_format="{year}/{prefix} {serial:4} {class}",
    )
    ks.save()
    with pytest.raises(ValidationError) as error:
        _register(ks, alice)
    assert error.value.message_dict["case_class"] == [
        "Numren i Kommunstyrelsens diarium innehåller klassens kod: välj ärendets"
        " klass."
    ]
    assert not DiariumSeries.objects.filter(last_serial__gt=0).exists()


def test_a_class_is_optional_where_the_number_does_not_carry_it(ks, alice, class_042):
    assert _register(ks, alice, case_class=class_042).number == "KS 2024/1"
    assert _register(ks, alice).case_class is None


def test_a_class_of_another_organisation_is_refused(ks, alice, botkyrka):
    theirs = CaseClass.objects.create(organisation=botkyrka, code="042", name="X")
    with pytest.raises(ValidationError) as error:
        _register(ks, alice, case_class=theirs)
    assert error.value.message_dict["case_class"] == [
        "Klassen måste höra till organisationens klassificeringsstruktur."
    ]


def test_the_class_may_be_changed_but_not_removed_where_the_number_carries_it(
    ks, alice, huddinge, class_042
):
    ks.diarium = DiariumFactory(
        organisation=huddinge, number_format="{prefix} {year}/{serial} {class}"
    )
    ks.save()
    case = _register(ks, alice, case_class=class_042)
    other = CaseClass.objects.create(organisation=huddinge, code="043", name="Y")
    case_update(case=case, user=alice, case_class=other)
    assert (case.case_class, case.number) == (other, "KS 2024/1 042")
    with pytest.raises(ValidationError) as error:
        case_update(case=case, user=alice, case_class=None)
    assert error.value.message_dict["case_class"] == [
        "Ärendets nummer innehåller dess klass: behåll en klass."
    ]


def test_a_class_is_filed_only_under_a_class_of_its_organisation(
    huddinge, botkyrka, class_042
):
    theirs = CaseClass.objects.create(organisation=botkyrka, code="1", name="X")
    child = CaseClass(organisation=huddinge, code="042.1", name="Y", parent=theirs)
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert error.value.message_dict["parent"] == [
        "Den överordnade klassen måste tillhöra samma organisation."
    ]
    class_042.parent = class_042
    with pytest.raises(ValidationError):
        class_042.full_clean()


def test_the_diarium_history_is_kept(huddinge):
    diarium = Diarium.objects.create(organisation=huddinge, name="D", prefix="KS")
    diarium.number_format = "{prefix} {year}.{serial}"
    diarium.save()
    assert [h.number_format for h in diarium.history.all()] == [
        "{prefix} {year}.{serial}",
        "{prefix} {year}/{serial}",
    ]
