"""services.case_update: what may change after registration, by whom, with history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Secrecy
from cases.services import case_update
from tests.helpers import system

pytestmark = pytest.mark.django_db


def test_the_registration_details_change_and_the_history_names_the_person(
    case, alice, registrar
):
    case_update(
        case=case,
        user=registrar,
        title="Målbild SSR 2023–2026",
        secrecy=Secrecy.PARTLY_SECRET,
        secrecy_reference=" OSL 18 kap. 13 § ",
        follow_up_date=datetime.date(2030, 1, 15),
    )
    case.refresh_from_db()
    assert case.title == "Målbild SSR 2023–2026"
    assert case.secrecy_reference == "OSL 18 kap. 13 §"
    latest = case.history.first()
    assert latest.history_user == registrar
    changed = {
        change.field for change in latest.diff_against(latest.prev_record).changes
    }
    assert {"title", "secrecy", "secrecy_reference", "follow_up_date"} <= changed


def test_an_update_that_changes_nothing_writes_no_history(case, alice):
    case_update(case=case, user=alice, title=case.title, kind=case.kind)
    assert case.history.count() == 1


def test_the_number_and_status_cannot_be_changed_this_way(case, alice):
    with pytest.raises(TypeError):
        case_update(case=case, user=alice, number="KS 2023/999")
    with pytest.raises(TypeError):
        case_update(case=case, user=alice, status="closed")


def test_a_blank_title_is_refused(case, alice):
    with pytest.raises(ValidationError) as error:
        case_update(case=case, user=alice, title=" ")
    assert "title" in error.value.message_dict


def test_making_a_case_public_again_needs_the_osl_paragraph_removed(secret_case, alice):
    with pytest.raises(ValidationError):
        case_update(case=secret_case, user=alice, secrecy=Secrecy.PUBLIC)
    case_update(
        case=secret_case, user=alice, secrecy=Secrecy.PUBLIC, secrecy_reference=""
    )
    secret_case.refresh_from_db()
    assert secret_case.is_public


def test_the_case_officer_must_belong_to_the_organisation(case, alice, charlie):
    with pytest.raises(ValidationError) as error:
        case_update(case=case, user=alice, handler=charlie)
    assert "handler" in error.value.message_dict


def test_a_colleague_without_a_writing_role_may_not_change_a_case(case, bob):
    with pytest.raises(PermissionDenied):
        case_update(case=case, user=bob, title="Ändrad")


def test_an_official_of_another_organisation_may_not_change_a_public_case(
    case, charlie
):
    with pytest.raises(PermissionDenied):
        case_update(case=case, user=charlie, title="Ändrad")
    case.refresh_from_db()
    assert case.title != "Ändrad"


def test_editing_other_details_after_a_reminder_keeps_the_reminder_date(case, alice):
    case_update(case=case, user=alice, follow_up_date=datetime.date(2030, 1, 15))
    case.follow_up_reminded_date = datetime.date(2030, 1, 15)
    case.save()
    case_update(
        case=case,
        user=alice,
        title="Ny titel",
        follow_up_date=datetime.date(2030, 1, 15),
    )
    case.refresh_from_db()
    assert case.follow_up_reminded_date == datetime.date(2030, 1, 15)


def test_changing_the_case_officer_renews_the_stored_pdf_of_the_document(
    ks, alice, huddinge
):
    from cases.services import document_start
    from tests.factories import CaseFactory, UserFactory

    case = CaseFactory(board=ks, handler=alice)
    document = document_start(case=case, user=system())
    colleague = UserFactory(organisation=huddinge, roles=["handlaggare"])
    case_update(case=case, user=alice, handler=colleague)
    document.refresh_from_db()
    assert document.revision == 2
