"""The rules the database and the models keep, whatever the service does."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Case, JournalEntry, Secrecy
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_two_cases_cannot_share_a_serial_of_the_same_board_and_year(ks):
    CaseFactory(board=ks, year=2023, serial=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(board=ks, year=2023, serial=7)


def test_the_same_serial_may_recur_in_another_year_or_board(ks, botkyrka_ks):
    CaseFactory(board=ks, year=2023, serial=7)
    CaseFactory(board=ks, year=2024, serial=7)
    CaseFactory(board=botkyrka_ks, year=2023, serial=7)
    assert Case.objects.filter(serial=7).count() == 3


def test_serial_zero_is_refused_by_the_database(ks):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(board=ks, serial=0)


def test_a_public_case_with_an_osl_paragraph_is_refused_by_the_database(ks):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseFactory(board=ks, secrecy=Secrecy.PUBLIC, secrecy_reference="OSL 18:13")


def test_clean_asks_a_secret_case_for_its_osl_paragraph(ks):
    case = CaseFactory.build(board=ks, secrecy=Secrecy.SECRET, secrecy_reference="")
    with pytest.raises(ValidationError) as error:
        case.clean()
    assert "secrecy_reference" in error.value.message_dict


def test_clean_refuses_an_osl_paragraph_on_a_public_case(ks):
    case = CaseFactory.build(board=ks, secrecy_reference="OSL 18 kap. 13 §")
    with pytest.raises(ValidationError) as error:
        case.clean()
    assert "secrecy_reference" in error.value.message_dict


def test_case_str_and_url_name_the_case(ks):
    case = CaseFactory(board=ks, year=2023, serial=236, title="Målbild")
    assert str(case) == "KS 2023/236 Målbild"
    assert case.get_absolute_url() == f"/cases/{case.pk}/"


def _entry(case, **fields) -> JournalEntry:
    values = {
        "case": case,
        "serial": 1,
        "direction": JournalEntry.Direction.OUTGOING,
        "document_date": datetime.date(2023, 3, 20),
        "subject": "Skrivelse",
    }
    return JournalEntry(**(values | fields))


def test_only_an_incoming_document_may_have_a_date_received_in_the_database(ks):
    case = CaseFactory(board=ks)
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(case, received_date=datetime.date(2023, 3, 21)).save()


def test_a_public_document_with_an_osl_paragraph_is_refused_by_the_database(ks):
    case = CaseFactory(board=ks)
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(case, secrecy_reference="OSL 18 kap. 13 §").save()


def test_two_documents_cannot_share_a_running_number_in_a_case(ks):
    case = CaseFactory(board=ks)
    _entry(case).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _entry(case).save()


def test_clean_asks_an_incoming_document_for_date_received_and_sender(ks):
    entry = _entry(CaseFactory(board=ks), direction=JournalEntry.Direction.INCOMING)
    with pytest.raises(ValidationError) as error:
        entry.clean()
    assert set(error.value.message_dict) == {"received_date", "counterpart"}


def test_clean_refuses_a_date_received_on_an_outgoing_document(ks):
    entry = _entry(CaseFactory(board=ks), received_date=datetime.date(2023, 3, 21))
    with pytest.raises(ValidationError) as error:
        entry.clean()
    assert set(error.value.message_dict) == {"received_date"}


def test_clean_checks_the_osl_paragraph_of_a_document_both_ways(ks):
    case = CaseFactory(board=ks)
    with pytest.raises(ValidationError):
        _entry(case, secrecy=Secrecy.SECRET).clean()
    with pytest.raises(ValidationError):
        _entry(case, secrecy_reference="OSL 18 kap. 13 §").clean()
    _entry(case, secrecy=Secrecy.SECRET, secrecy_reference="OSL 18 kap. 13 §").clean()


def test_a_document_number_follows_its_case_number(botkyrka_ks):
    case = CaseFactory(board=botkyrka_ks, year=2023, serial=412)
    assert _entry(case, serial=3).number == "KS/2023:412-3"
