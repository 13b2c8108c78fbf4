"""The approval workflow (cases/services/workflow.py): every step allowed and
refused per role and status, the comment of a return, the freeze of the report,
reopening, and the approval trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases.exceptions import CaseFrozen
from cases.models import ApprovalEvent, Case, Document
from cases.services import SectionInput, document_save, document_start
from cases.services.attachments import attachment_add_file
from cases.services.documents import (
    recipient_add,
    reference_add,
    signatory_add,
    signatory_remove,
)
from cases.services.workflow import (
    case_actions_for,
    case_approve,
    case_reopen,
    case_return,
    case_submit,
    current_approval,
    open_return,
)
from members.roles import Role
from ssr_portal.lib.refusals import StepRefused
from tests.cases.test_upload_validation import pdf_bytes
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def director(huddinge):
    return UserFactory(
        username="camilla",
        first_name="Camilla",
        last_name="Broo",
        title="Kommundirektör",
        organisation=huddinge,
        roles=[Role.DIRECTOR],
    )


@pytest.fixture
def secretary(huddinge):
    return UserFactory(username="sara", organisation=huddinge, roles=[Role.SECRETARY])


@pytest.fixture
def outsider_director(botkyrka):
    return UserFactory(
        username="botkyrka-kd", organisation=botkyrka, roles=[Role.DIRECTOR]
    )


@pytest.fixture
def document(case, alice):
    document = document_start(case=case, user=alice)
    return write(document, alice, "Kommunstyrelsen noterar informationen.")


def write(document, user, text):
    document = Document.objects.get(pk=document.pk)
    sections = [
        SectionInput(id=s.pk, title=s.title, text=text if i == 0 else s.text)
        for i, s in enumerate(document.sections.all())
    ]
    return document_save(
        document=document,
        user=user,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=sections,
    )


def status(case) -> str:
    return Case.objects.get(pk=case.pk).status


def kinds(case) -> list[str]:
    return list(
        ApprovalEvent.objects.filter(case=case)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )


# The model says which steps its status allows ----------------------------------


def test_the_model_lists_the_transitions_of_the_design():
    case = Case(status=Case.Status.SUBMITTED)
    assert case.can_change_status(Case.Status.APPROVED)
    assert case.can_change_status(Case.Status.DRAFTING)
    assert not case.can_change_status(Case.Status.ON_AGENDA)
    assert Case(status=Case.Status.APPROVED).can_change_status(Case.Status.DRAFTING)
    assert not Case(status=Case.Status.CLOSED).can_change_status(Case.Status.DRAFTING)
    assert Case(status=Case.Status.APPROVED).is_frozen
    assert not Case(status=Case.Status.DRAFTING).is_frozen


def test_starting_the_report_moves_a_registered_case_to_drafting(case, alice):
    assert case.status == Case.Status.REGISTERED
    document_start(case=case, user=alice)
    assert status(case) == Case.Status.DRAFTING


# Submit -------------------------------------------------------------------------


def test_the_official_submits(document, case, alice):
    event = case_submit(case=case, user=alice)
    assert status(case) == Case.Status.SUBMITTED
    assert event.kind == ApprovalEvent.Kind.SUBMITTED
    assert event.user == alice
    assert event.document_version == Document.objects.get(pk=document.pk).version
    # The history of the case names who moved it on.
    assert case.history.first().history_user == alice


@pytest.mark.parametrize("who", ["director", "secretary", "bob", "charlie"])
def test_no_one_else_may_submit(document, case, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        case_submit(case=case, user=user)
    assert status(case) == Case.Status.DRAFTING
    assert kinds(case) == []


def test_the_handler_without_the_official_role_may_submit(document, case, registrar):
    case.handler = registrar
    case.save()
    case_submit(case=case, user=registrar)
    assert status(case) == Case.Status.SUBMITTED


def test_a_report_without_text_cannot_be_submitted(case, alice):
    document = document_start(case=case, user=alice)
    write(document, alice, "")
    with pytest.raises(StepRefused, match="every section is empty"):
        case_submit(case=case, user=alice)
    assert status(case) == Case.Status.DRAFTING


def test_a_case_without_a_report_cannot_be_submitted(case, alice):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DRAFTING)
    case.refresh_from_db()
    with pytest.raises(StepRefused, match="no official report"):
        case_submit(case=case, user=alice)


@pytest.mark.parametrize(
    "state", [Case.Status.SUBMITTED, Case.Status.APPROVED, Case.Status.CLOSED]
)
def test_submit_is_refused_in_other_states(document, case, alice, state):
    Case.objects.filter(pk=case.pk).update(status=state)
    with pytest.raises(StepRefused):
        case_submit(case=case, user=alice)
    assert status(case) == state
    assert kinds(case) == []


# Return and approve -------------------------------------------------------------


def test_the_director_returns_with_a_comment(document, case, alice, director):
    case_submit(case=case, user=alice)
    event = case_return(case=case, user=director, comment="  Lägg till ekonomin. ")
    assert status(case) == Case.Status.DRAFTING
    assert event.comment == "Lägg till ekonomin."
    case.refresh_from_db()
    assert open_return(case) == event


def test_a_return_needs_a_comment(document, case, alice, director):
    case_submit(case=case, user=alice)
    with pytest.raises(ValidationError) as error:
        case_return(case=case, user=director, comment="  ")
    assert "comment" in error.value.message_dict
    assert status(case) == Case.Status.SUBMITTED


@pytest.mark.parametrize(
    "who", ["alice", "secretary", "bob", "charlie", "outsider_director"]
)
def test_only_a_director_of_the_organisation_approves_or_returns(
    document, case, alice, who, request
):
    case_submit(case=case, user=alice)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        case_approve(case=case, user=user)
    with pytest.raises(PermissionDenied):
        case_return(case=case, user=user, comment="Nej")
    assert status(case) == Case.Status.SUBMITTED
    assert kinds(case) == ["submitted"]


def test_approval_records_who_when_and_the_version(document, case, alice, director):
    case_submit(case=case, user=alice)
    event = case_approve(case=case, user=director)
    case.refresh_from_db()
    assert case.status == Case.Status.APPROVED
    assert event.user == director
    assert event.created_at is not None
    assert event.document_version == Document.objects.get(pk=document.pk).version
    assert current_approval(case) == event


def test_approval_makes_the_pdf_anew(document, case, alice, director):
    case_submit(case=case, user=alice)
    before = Document.objects.get(pk=document.pk).revision
    case_approve(case=case, user=director)
    assert Document.objects.get(pk=document.pk).revision == before + 1


@pytest.mark.parametrize("state", [Case.Status.DRAFTING, Case.Status.APPROVED])
def test_approve_and_return_need_a_submitted_case(document, case, director, state):
    Case.objects.filter(pk=case.pk).update(status=state)
    with pytest.raises(StepRefused):
        case_approve(case=case, user=director)
    with pytest.raises(StepRefused):
        case_return(case=case, user=director, comment="Nej")
    assert status(case) == state


# Reopen ------------------------------------------------------------------------


def test_reopening_keeps_the_approval_and_needs_a_new_one(
    document, case, alice, director
):
    case_submit(case=case, user=alice)
    first = case_approve(case=case, user=director)
    case_reopen(case=case, user=alice, reason="Ny siffra från SSR.")
    case.refresh_from_db()
    assert case.status == Case.Status.DRAFTING
    assert current_approval(case) is None
    write(document, alice, "Ändrad text.")
    case_submit(case=case, user=alice)
    second = case_approve(case=case, user=director)
    assert kinds(case) == ["submitted", "approved", "reopened", "submitted", "approved"]
    assert ApprovalEvent.objects.filter(pk=first.pk).exists()
    assert second.document_version > first.document_version


def test_a_reopening_needs_a_reason(document, case, alice, director):
    case_submit(case=case, user=alice)
    case_approve(case=case, user=director)
    with pytest.raises(ValidationError):
        case_reopen(case=case, user=alice, reason="")
    assert status(case) == Case.Status.APPROVED


@pytest.mark.parametrize("who", ["director", "secretary", "charlie"])
def test_only_the_official_reopens(document, case, alice, director, who, request):
    case_submit(case=case, user=alice)
    case_approve(case=case, user=director)
    with pytest.raises(PermissionDenied):
        case_reopen(case=case, user=request.getfixturevalue(who), reason="Ändra")
    assert status(case) == Case.Status.APPROVED


@pytest.mark.parametrize("state", [Case.Status.DRAFTING, Case.Status.SUBMITTED])
def test_only_an_approved_case_is_reopened(document, case, alice, state):
    Case.objects.filter(pk=case.pk).update(status=state)
    with pytest.raises(StepRefused):
        case_reopen(case=case, user=alice, reason="Ändra")


# The actions a user sees ----------------------------------------------------------


def test_each_user_sees_only_the_steps_they_may_take(
    document, case, alice, director, secretary, charlie
):
    case.refresh_from_db()
    assert case_actions_for(case=case, user=alice) == ["submit"]
    assert case_actions_for(case=case, user=director) == []
    case_submit(case=case, user=alice)
    assert case_actions_for(case=case, user=alice) == []
    assert case_actions_for(case=case, user=director) == ["return", "approve"]
    assert case_actions_for(case=case, user=secretary) == []
    assert case_actions_for(case=case, user=charlie) == []
    case_approve(case=case, user=director)
    assert case_actions_for(case=case, user=alice) == ["reopen"]
    assert case_actions_for(case=case, user=director) == []


# The freeze ---------------------------------------------------------------------


@pytest.fixture(params=["submitted", "approved"])
def frozen(request, document, case, alice, director):
    case_submit(case=case, user=alice)
    if request.param == "approved":
        case_approve(case=case, user=director)
    case.refresh_from_db()
    document = Document.objects.select_related("case__board").get(pk=document.pk)
    return document


def test_a_frozen_report_refuses_text_changes(frozen, alice):
    version = frozen.version
    with pytest.raises(CaseFrozen):
        write(frozen, alice, "Ändrad i smyg.")
    assert Document.objects.get(pk=frozen.pk).version == version


def test_a_frozen_report_refuses_attachments(frozen, alice):
    upload = SimpleUploadedFile("Bilaga.pdf", pdf_bytes(), "application/pdf")
    with pytest.raises(CaseFrozen):
        attachment_add_file(document=frozen, user=alice, title="", file=upload)
    assert not frozen.attachments.exists()


def test_a_frozen_report_refuses_signatories_recipients_and_references(
    frozen, alice, director, ks
):
    with pytest.raises(CaseFrozen):
        signatory_add(document=frozen, user=alice, person=director)
    with pytest.raises(CaseFrozen):
        recipient_add(case=frozen.case, user=alice, name="Länsstyrelsen")
    other = CaseFactory(
        board=ks,
        year=2014,
        serial=195,
        title="Avsiktsförklaring",
        registered_date="2014-03-24",
    )
    with pytest.raises(CaseFrozen):
        reference_add(case=frozen.case, user=alice, referenced_case=other)
    assert not frozen.signatories.exists()
    assert not frozen.case.recipients.exists()


def test_the_freeze_message_says_how_to_go_on(frozen):
    with pytest.raises(CaseFrozen) as refused:
        write(frozen, frozen.case.handler, "x")
    message = str(refused.value)
    assert "cannot be changed" in message


def test_a_returned_report_can_be_changed_again(document, case, alice, director):
    signatory = signatory_add(document=document, user=alice, person=director)
    case_submit(case=case, user=alice)
    with pytest.raises(CaseFrozen):
        signatory_remove(signatory=signatory, user=alice)
    case_return(case=case, user=director, comment="Fler siffror.")
    case.refresh_from_db()
    write(document, alice, "Med siffror.")
    signatory_remove(signatory=signatory, user=alice)


def test_the_case_history_names_the_return_and_shows_its_comment(
    client, document, case, alice, director
):
    """Issue 13: the history row of a return read "Case: changed" with the
    status change only; the reader looks there for why it came back."""
    from tests.helpers import login_verified

    case_submit(case=case, user=alice)
    case_return(case=case, user=director, comment="Lägg till ekonomin.")
    login_verified(client, alice)
    response = client.get(case.get_absolute_url())
    returned = response.context["history"][0]
    assert returned.action == "Returned with comment"
    assert returned.reason == "Lägg till ekonomin."
    page = response.content.decode()
    assert "Case: returned with comment" in page
    assert "Comment: Lägg till ekonomin." in page
