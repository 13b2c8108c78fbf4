"""services.case_register: numbering per board and year, and who may register."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.models import Case, DiariumSeries, Secrecy
from cases.services import case_register
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 3, 20)


def _register(board, user, title="Ärende", **fields) -> Case:
    return case_register(
        board=board, title=title, registered_by=user, registered_date=DAY, **fields
    )


def test_the_first_case_of_a_board_and_year_gets_serial_one(ks, alice):
    case = _register(ks, alice)
    assert (case.year, case.serial, case.number) == (2023, 1, "KS 2023/1")


def test_serials_follow_each_other_without_gaps(ks, alice):
    serials = [_register(ks, alice).serial for _ in range(5)]
    assert serials == [1, 2, 3, 4, 5]


def test_each_board_counts_for_itself(ks, alice, huddinge):
    other = BoardFactory(organisation=huddinge, name="Miljönämnden", prefix="MN")
    _register(ks, alice)
    _register(ks, alice)
    assert _register(other, alice).number == "MN 2023/1"


def test_a_new_year_starts_again_at_one(ks, alice):
    _register(ks, alice)
    case = case_register(
        board=ks,
        title="Nytt år",
        registered_by=alice,
        registered_date=datetime.date(2024, 1, 2),
    )
    assert case.number == "KS 2024/1"


def test_the_number_follows_the_boards_own_format(botkyrka_ks, charlie):
    assert _register(botkyrka_ks, charlie).number == "KS/2023:1"


def test_the_registration_date_defaults_to_today(ks, alice):
    case = case_register(board=ks, title="Idag", registered_by=alice)
    today = timezone.localdate()
    assert (case.registered_date, case.year) == (today, today.year)


def test_a_refused_registration_does_not_use_up_a_serial(ks, alice):
    _register(ks, alice)
    with pytest.raises(ValidationError) as error:
        _register(ks, alice, title="   ")
    assert "title" in error.value.message_dict
    assert DiariumSeries.objects.get(diarium__boards=ks, year=2023).last_serial == 1
    assert _register(ks, alice).serial == 2


def test_a_secret_case_without_osl_paragraph_is_refused_and_takes_no_serial(ks, alice):
    with pytest.raises(ValidationError) as error:
        _register(ks, alice, secrecy=Secrecy.SECRET)
    assert "secrecy_reference" in error.value.message_dict
    assert _register(ks, alice).serial == 1


def test_registration_continues_after_an_imported_serial(ks, alice):
    from cases.services import case_import

    case_import(board=ks, year=2023, serial=236, title="Målbild", registered_date=DAY)
    assert _register(ks, alice).number == "KS 2023/237"


def test_the_registrar_may_register(ks, registrar):
    assert _register(ks, registrar).registered_by == registrar


def test_a_colleague_without_a_writing_role_may_not_register(ks, bob):
    with pytest.raises(PermissionDenied):
        _register(ks, bob)
    assert not Case.objects.exists()


def test_an_official_of_another_organisation_may_not_register(ks, charlie):
    with pytest.raises(PermissionDenied):
        _register(ks, charlie)
    assert not DiariumSeries.objects.filter(last_serial__gt=0).exists()


def test_an_inactive_official_may_not_register(ks, alice):
    alice.is_active = False
    alice.save()
    with pytest.raises(PermissionDenied):
        _register(ks, alice)


def test_the_case_officer_must_belong_to_the_boards_organisation(ks, alice, charlie):
    with pytest.raises(ValidationError) as error:
        _register(ks, alice, handler=charlie)
    assert "handler" in error.value.message_dict


def test_a_superuser_may_register_on_any_board(botkyrka_ks):
    admin = UserFactory(is_superuser=True, organisation=None)
    assert _register(botkyrka_ks, admin).number == "KS/2023:1"


def test_the_history_names_who_registered(ks, alice):
    case = _register(ks, alice)
    record = case.history.get()
    assert (record.history_type, record.history_user) == ("+", alice)
