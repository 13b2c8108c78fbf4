"""The lock order under load (cases/locks.py): two services started at the same
moment on PostgreSQL either both succeed or one is refused, never a deadlock or
another database error (a 500), and no change to a tjänsteskrivelse slips past
its submission.

SQLite has no row locks (it locks the whole database on a write), so there is
nothing to race: these run on PostgreSQL only (the Makefile runs the suite on
both)."""

from collections.abc import Callable
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from cases.exceptions import CaseFrozen
from cases.models import (
    ApprovalEvent,
    Attachment,
    Case,
    CaseReference,
    Document,
    Recipient,
    Signatory,
)
from cases.services import SectionInput, case_register, document_save, document_start
from cases.services import meetings as services
from cases.services.attachments import attachment_add_file, attachment_remove
from cases.services.documents import (
    recipient_add,
    reference_add,
    signatory_add,
    signatory_remove,
)
from cases.services.workflow import case_submit
from ssr_portal.lib.refusals import StepRefused
from tests.cases.test_upload_validation import pdf_bytes
from tests.helpers import race

ROUNDS = 4
REFUSALS = (StepRefused, PermissionDenied, ValidationError)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks under concurrency need PostgreSQL (set DATABASE_URL)",
    ),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def assert_succeeded_or_refused(outcomes: list[object]) -> None:
    """Each outcome is a result or a refusal: no deadlock (OperationalError), no
    IntegrityError, nothing else a page would show as a 500."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            assert isinstance(outcome, REFUSALS), repr(outcome)


# agenda_add ∥ decision_record, agenda_remove ∥ decision_record -----------------


def test_placing_a_case_and_recording_a_decision_at_once(meeting, make_case, secretary):
    for _round in range(ROUNDS):
        item = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
        other = make_case()
        outcomes = race(
            partial(services.agenda_add, meeting=meeting, case=other, user=secretary),
            partial(
                services.decision_record,
                item=item,
                user=secretary,
                kind="approve",
                text="Bifall.",
            ),
        )
        assert_succeeded_or_refused(outcomes)
        assert not any(isinstance(o, BaseException) for o in outcomes), outcomes
        assert Case.objects.get(pk=other.pk).status == Case.Status.ON_AGENDA
        assert Case.objects.get(pk=item.case_id).status == Case.Status.DECIDED


def test_removing_an_item_and_recording_a_decision_at_once(
    meeting, make_case, secretary
):
    for _round in range(ROUNDS):
        decided = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
        removed = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
        outcomes = race(
            partial(services.agenda_remove, item=removed, user=secretary),
            partial(
                services.decision_record,
                item=decided,
                user=secretary,
                kind="approve",
                text="Bifall.",
            ),
        )
        assert_succeeded_or_refused(outcomes)
        assert not any(isinstance(o, BaseException) for o in outcomes), outcomes
        assert Case.objects.get(pk=removed.case_id).status == Case.Status.APPROVED
        assert Case.objects.get(pk=decided.case_id).status == Case.Status.DECIDED


def test_postponing_to_a_meeting_while_its_agenda_changes(
    meeting, later_meeting, make_case, secretary
):
    """A bordläggning locks the later meeting too (before the item and the case):
    a secretary placing a case on that meeting at the same moment waits."""
    for _round in range(ROUNDS):
        item = services.agenda_add(meeting=meeting, case=make_case(), user=secretary)
        other = make_case()
        outcomes = race(
            partial(
                services.agenda_add, meeting=later_meeting, case=other, user=secretary
            ),
            partial(
                services.decision_record,
                item=item,
                user=secretary,
                kind="postpone",
                text="Ärendet bordläggs.",
                later_meeting=later_meeting,
            ),
        )
        assert_succeeded_or_refused(outcomes)
        assert not any(isinstance(o, BaseException) for o in outcomes), outcomes
        positions = list(
            later_meeting.items.order_by("position").values_list("position", flat=True)
        )
        assert positions == list(range(1, len(positions) + 1))


# case_submit ∥ a change to the tjänsteskrivelse ----------------------------------


@pytest.fixture
def drafted(ks, alice):
    """make(): a new case of alice in drafting, its report written."""

    def make() -> Document:
        case = case_register(
            board=ks, title="Målbild", handler=alice, registered_by=alice
        )
        document = document_start(case=case, user=alice)
        sections = [
            SectionInput(id=s.pk, title=s.title, text="Kommunstyrelsen beslutar.")
            for s in document.sections.all()
        ]
        return document_save(
            document=document,
            user=alice,
            base_version=document.version,
            title=document.title,
            document_date=document.document_date,
            sections=sections,
        )

    return make


def _submitted_at(case: Case):
    return ApprovalEvent.objects.get(
        case=case, kind=ApprovalEvent.Kind.SUBMITTED
    ).created_at


def _race_with_submission(document: Document, alice, change: Callable[[], object]):
    """Submit the case and make the change at the same moment; the submission
    always succeeds, the change succeeds or is refused as frozen."""
    case = Case.objects.get(pk=document.case_id)
    submitted, changed = race(lambda: case_submit(case=case, user=alice), change)
    assert isinstance(submitted, ApprovalEvent), repr(submitted)
    if isinstance(changed, BaseException):
        assert isinstance(changed, CaseFrozen), repr(changed)
    return changed, _submitted_at(case)


def _latest_change(model, **filters):
    return model.history.filter(**filters).latest("history_date").history_date


def _fresh(document: Document) -> Document:
    return Document.objects.select_related("case__board").get(pk=document.pk)


def test_a_text_change_does_not_slip_past_a_submission(drafted, alice):
    for _round in range(ROUNDS):
        document = _fresh(drafted())
        sections = [
            SectionInput(id=s.pk, title=s.title, text="Ändrad text.")
            for s in document.sections.all()
        ]
        changed, _when = _race_with_submission(
            document,
            alice,
            lambda document=document, sections=sections: document_save(
                document=document,
                user=alice,
                base_version=document.version,
                title=document.title,
                document_date=document.document_date,
                sections=sections,
            ),
        )
        event = ApprovalEvent.objects.get(case=document.case_id)
        stored = Document.objects.get(pk=document.pk)
        if isinstance(changed, BaseException):
            assert stored.version == document.version
        else:  # saved before the submission: the submitted version has it
            assert event.document_version == stored.version == document.version + 1


def test_an_attachment_does_not_slip_past_a_submission(drafted, alice):
    for _round in range(ROUNDS):
        document = _fresh(drafted())
        upload = SimpleUploadedFile("Bilaga.pdf", pdf_bytes(), "application/pdf")
        changed, submitted_at = _race_with_submission(
            document,
            alice,
            lambda document=document, upload=upload: attachment_add_file(
                document=document, user=alice, file=upload
            ),
        )
        rows = Attachment.objects.filter(document=document)
        if isinstance(changed, BaseException):
            assert not rows.exists()
        else:
            assert _latest_change(Attachment, document=document) < submitted_at


def test_an_attachment_removal_does_not_slip_past_a_submission(drafted, alice):
    for _round in range(ROUNDS):
        document = _fresh(drafted())
        upload = SimpleUploadedFile("Bilaga.pdf", pdf_bytes(), "application/pdf")
        attachment = attachment_add_file(document=document, user=alice, file=upload)
        pk = attachment.pk  # the removal sets the instance's pk to None
        attachment = Attachment.objects.select_related("document__case__board").get(
            pk=pk
        )
        changed, submitted_at = _race_with_submission(
            document,
            alice,
            lambda attachment=attachment: attachment_remove(
                attachment=attachment, user=alice
            ),
        )
        still_there = Attachment.objects.filter(pk=pk).exists()
        if isinstance(changed, BaseException):
            assert still_there
        else:
            assert not still_there
            assert _latest_change(Attachment, id=pk) < submitted_at


def test_a_signatory_does_not_slip_past_a_submission(drafted, alice, director):
    for _round in range(ROUNDS):
        document = _fresh(drafted())
        changed, submitted_at = _race_with_submission(
            document,
            alice,
            lambda document=document: signatory_add(
                document=document, user=alice, person=director, title="KD"
            ),
        )
        if isinstance(changed, BaseException):
            assert not Signatory.objects.filter(document=document).exists()
        else:
            assert _latest_change(Signatory, document=document) < submitted_at


def test_a_signatory_removal_does_not_slip_past_a_submission(drafted, alice, director):
    for _round in range(ROUNDS):
        document = _fresh(drafted())
        signatory = signatory_add(
            document=document, user=alice, person=director, title="KD"
        )
        pk = signatory.pk  # the removal sets the instance's pk to None
        signatory = Signatory.objects.select_related("document__case__board").get(pk=pk)
        changed, submitted_at = _race_with_submission(
            document,
            alice,
            lambda signatory=signatory: signatory_remove(
                signatory=signatory, user=alice
            ),
        )
        still_there = Signatory.objects.filter(pk=pk).exists()
        if isinstance(changed, BaseException):
            assert still_there
        else:
            assert not still_there
            assert _latest_change(Signatory, id=pk) < submitted_at


def test_a_recipient_does_not_slip_past_a_submission(drafted, alice):
    for _round in range(ROUNDS):
        document = _fresh(drafted())
        case = document.case
        changed, submitted_at = _race_with_submission(
            document,
            alice,
            lambda case=case: recipient_add(
                case=case, user=alice, name="Länsstyrelsen"
            ),
        )
        if isinstance(changed, BaseException):
            assert not Recipient.objects.filter(case=case).exists()
        else:
            assert _latest_change(Recipient, case=case) < submitted_at


def test_a_reference_does_not_slip_past_a_submission(drafted, alice, ks):
    earlier = case_register(board=ks, title="Avsiktsförklaring", registered_by=alice)
    for _round in range(ROUNDS):
        document = _fresh(drafted())
        case = document.case
        changed, submitted_at = _race_with_submission(
            document,
            alice,
            lambda case=case: reference_add(
                case=case, user=alice, referenced_case=earlier
            ),
        )
        if isinstance(changed, BaseException):
            assert not CaseReference.objects.filter(case=case).exists()
        else:
            assert _latest_change(CaseReference, case=case) < submitted_at
