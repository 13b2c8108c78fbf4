"""services.journal_entry_register: running numbers within a case, rules, access."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import JournalEntry, Secrecy
from cases.services import journal_entry_register

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 3, 20)


def _register(case, user, **fields) -> JournalEntry:
    values = {
        "direction": JournalEntry.Direction.INTERNAL,
        "subject": "Tjänsteskrivelse",
        "document_date": DAY,
    }
    return journal_entry_register(case=case, registered_by=user, **(values | fields))


def test_documents_are_numbered_from_one_within_their_case(case, secret_case, alice):
    numbers = [_register(case, alice).number for _ in range(3)]
    assert numbers == ["KS 2023/1-1", "KS 2023/1-2", "KS 2023/1-3"]
    assert _register(secret_case, alice).number == "KS 2023/2-1"


def test_a_document_number_uses_the_boards_format(botkyrka_case, charlie):
    assert _register(botkyrka_case, charlie).number == "KS/2023:1-1"


def test_an_incoming_document_keeps_sender_and_date_received(case, alice):
    entry = _register(
        case,
        alice,
        direction=JournalEntry.Direction.INCOMING,
        counterpart="  Länsstyrelsen Stockholm ",
        received_date=datetime.date(2023, 3, 21),
    )
    entry.refresh_from_db()
    assert entry.counterpart == "Länsstyrelsen Stockholm"
    assert entry.received_date == datetime.date(2023, 3, 21)
    assert entry.registered_by == alice


def test_an_incoming_document_without_sender_is_refused_and_takes_no_number(
    case, alice
):
    with pytest.raises(ValidationError) as error:
        _register(case, alice, direction=JournalEntry.Direction.INCOMING)
    assert {"received_date", "counterpart"} <= set(error.value.message_dict)
    assert _register(case, alice).serial == 1


def test_a_secret_document_needs_its_osl_paragraph(case, alice):
    with pytest.raises(ValidationError) as error:
        _register(case, alice, secrecy=Secrecy.SECRET)
    assert "secrecy_reference" in error.value.message_dict


def test_a_colleague_without_a_writing_role_may_not_register_documents(case, bob):
    with pytest.raises(PermissionDenied):
        _register(case, bob)
    assert not case.entries.exists()


def test_an_official_of_another_organisation_may_not_register_documents(case, charlie):
    with pytest.raises(PermissionDenied):
        _register(case, charlie)


def test_the_history_names_who_registered_the_document(case, alice):
    entry = _register(case, alice)
    assert entry.history.get().history_user == alice
