"""The services of cases/services/attachments.py: each rule, hitting the database."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases.models import Attachment, Document
from cases.services import case_register, document_start
from cases.services.attachments import (
    attachment_add_case_document,
    attachment_add_file,
    attachment_move,
    attachment_remove,
    attachment_rename,
)
from tests.cases.test_upload_validation import (
    docx_bytes,
    pdf_bytes,
    png_bytes,
)
from tests.helpers import stored_bytes, stored_files


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def document(case, alice):
    return document_start(case=case, user=alice)


@pytest.fixture
def earlier_case(ks, alice, case):
    """An earlier case of Huddinge with its own report: KS 2023/2."""
    earlier = case_register(
        board=ks, title="Avsiktsförklaring SSR", registered_by=alice, handler=alice
    )
    document_start(case=earlier, user=alice)
    return earlier


def pdf(name="Bilaga.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def add(document, user, title="", file=None) -> Attachment:
    return attachment_add_file(
        document=document, user=user, title=title, file=file or pdf()
    )


def positions(document) -> list[tuple[int, str]]:
    return list(
        Attachment.objects.filter(document=document)
        .order_by("position", "pk")
        .values_list("position", "title")
    )


def revision(document) -> int:
    return Document.objects.get(pk=document.pk).revision


# Adding a file -------------------------------------------------------------------


def test_an_uploaded_file_is_stored_with_its_name_type_and_size(document, alice):
    file = SimpleUploadedFile("C:\\Temp\\Målbild 2023.docx", docx_bytes(), "text/plain")

    attachment = add(document, alice, "Målbild", file)

    attachment.refresh_from_db()
    assert attachment.original_name == "Målbild 2023.docx"
    assert attachment.content_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert attachment.size == len(docx_bytes())
    assert attachment.file.name.startswith(f"attachments/{document.case_id}/")
    assert stored_bytes(attachment.file.name) == docx_bytes()


def test_files_are_added_at_the_end(document, alice):
    add(document, alice, "Gemensam målbild")
    add(document, alice, "Avsiktsförklaring")

    assert positions(document) == [(0, "Gemensam målbild"), (1, "Avsiktsförklaring")]


def test_the_title_defaults_to_the_file_name(document, alice):
    attachment = add(document, alice, "  ", pdf("Aktiverade lägen.pdf"))

    assert attachment.title == "Aktiverade lägen"


def test_a_refused_file_is_a_file_error_and_nothing_is_stored(document, alice):
    png_as_pdf = SimpleUploadedFile("Bilaga.pdf", png_bytes())

    with pytest.raises(ValidationError) as caught:
        add(document, alice, "Bilaga", png_as_pdf)

    assert "its content is PNG" in caught.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert stored_files(f"attachments/{document.case_id}") == []


def test_bob_without_a_writing_role_may_not_add(document, bob):
    with pytest.raises(PermissionDenied):
        add(document, bob)


def test_charlie_of_another_organisation_may_not_add(document, charlie):
    with pytest.raises(PermissionDenied):
        add(document, charlie)


# Adding another case's report ----------------------------------------------------


def test_another_cases_report_is_attached_by_reference(document, alice, earlier_case):
    attachment = attachment_add_case_document(
        document=document, user=alice, source_case=earlier_case
    )

    assert attachment.source_case == earlier_case
    assert attachment.file.name in ("", None)
    assert attachment.title == "Avsiktsförklaring SSR"
    assert attachment.content_type == "application/pdf"


def test_a_case_cannot_attach_its_own_report(document, alice):
    with pytest.raises(ValidationError, match="own report"):
        attachment_add_case_document(
            document=document, user=alice, source_case=document.case
        )


def test_a_case_without_a_report_cannot_be_attached(document, alice, secret_case):
    with pytest.raises(ValidationError, match="has no official report"):
        attachment_add_case_document(
            document=document, user=alice, source_case=secret_case
        )


def test_a_secret_case_of_another_organisation_cannot_be_attached(
    document, alice, botkyrka_ks, charlie
):
    hidden = case_register(
        board=botkyrka_ks,
        title="Hemlig",
        registered_by=charlie,
        secrecy="secret",
        secrecy_reference="OSL 15 kap. 2 §",
    )
    document_start(case=hidden, user=charlie)

    with pytest.raises(ValidationError, match="no such case"):
        attachment_add_case_document(document=document, user=alice, source_case=hidden)


def test_the_same_report_cannot_be_attached_twice(document, alice, earlier_case):
    attachment_add_case_document(
        document=document, user=alice, source_case=earlier_case
    )

    with pytest.raises(ValidationError, match="already an attachment"):
        attachment_add_case_document(
            document=document, user=alice, source_case=earlier_case
        )


# Moving, renaming, removing --------------------------------------------------------


@pytest.fixture
def three(document, alice):
    return [add(document, alice, title) for title in ("Ett", "Två", "Tre")]


def test_moving_up_swaps_with_the_one_before(document, alice, three):
    assert attachment_move(attachment=three[2], user=alice, direction="up")

    assert positions(document) == [(0, "Ett"), (1, "Tre"), (2, "Två")]


def test_moving_down_swaps_with_the_one_after(document, alice, three):
    assert attachment_move(attachment=three[0], user=alice, direction="down")

    assert positions(document) == [(0, "Två"), (1, "Ett"), (2, "Tre")]


def test_the_first_cannot_move_up_and_nothing_changes(document, alice, three):
    before = revision(document)

    assert not attachment_move(attachment=three[0], user=alice, direction="up")

    assert positions(document) == [(0, "Ett"), (1, "Två"), (2, "Tre")]
    assert revision(document) == before


def test_moving_makes_gapped_positions_dense(document, alice, three):
    Attachment.objects.filter(pk=three[1].pk).update(position=7)
    Attachment.objects.filter(pk=three[2].pk).update(position=9)

    attachment_move(attachment=three[2], user=alice, direction="up")

    assert positions(document) == [(0, "Ett"), (1, "Tre"), (2, "Två")]


def test_renaming_changes_the_title(document, alice, three):
    attachment_rename(attachment=three[1], user=alice, title="  Avsiktsförklaring ")

    assert positions(document)[1] == (1, "Avsiktsförklaring")


def test_an_empty_title_is_refused(alice, three):
    with pytest.raises(ValidationError, match="needs a title"):
        attachment_rename(attachment=three[1], user=alice, title="   ")


def test_removing_closes_the_gap_and_deletes_the_file_after_commit(
    document, alice, three, django_capture_on_commit_callbacks
):
    stored = three[1].file.name
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=three[1], user=alice)

    assert positions(document) == [(0, "Ett"), (1, "Tre")]
    assert not default_storage.exists(stored)


def test_bob_may_not_move_rename_or_remove(bob, three):
    with pytest.raises(PermissionDenied):
        attachment_move(attachment=three[1], user=bob, direction="up")
    with pytest.raises(PermissionDenied):
        attachment_rename(attachment=three[1], user=bob, title="Nytt")
    with pytest.raises(PermissionDenied):
        attachment_remove(attachment=three[1], user=bob)


# The revision: the stored PDF is made anew after every change ---------------------


def test_every_change_moves_the_document_revision_on(document, alice, earlier_case):
    seen = [revision(document)]

    first = add(document, alice, "Ett")
    seen.append(revision(document))
    attachment_add_case_document(
        document=document, user=alice, source_case=earlier_case
    )
    seen.append(revision(document))
    attachment_move(attachment=first, user=alice, direction="down")
    seen.append(revision(document))
    attachment_rename(attachment=first, user=alice, title="Första")
    seen.append(revision(document))
    attachment_remove(attachment=first, user=alice)
    seen.append(revision(document))

    assert seen == sorted(set(seen))
    assert len(seen) == 6
