"""`orphan_files_delete` and `manage.py cleanup_files`: the stored files the portal
no longer uses are deleted, on the file system and on S3 alike."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from cases.models import Document
from cases.services import case_register, document_pdf, document_start, document_touch
from cases.services.attachments import attachment_add_file
from cases.services.handlingar import handlingar_pdf
from ssr_portal.services import orphan_files_delete
from targets import report, services
from tests.cases.test_upload_validation import pdf_bytes
from tests.helpers import stored_files, system

pytestmark = pytest.mark.django_db

NOW = timedelta(0)


def _all_files() -> list[str]:
    return sorted(
        name
        for folder in ("attachments", "documents", "minutes", "templates", "visions")
        for name in stored_files(folder)
    )


def _save(name: str, data: bytes = b"%PDF-1.7\n") -> str:
    return default_storage.save(name, ContentFile(data))


@pytest.fixture
def document(ks, alice, each_storage):
    case = case_register(board=ks, title="Målbild", handler=alice, registered_by=alice)
    return document_start(case=case, user=alice)


@pytest.fixture
def vision(huddinge, each_storage):
    return services.vision_create(
        user=system(), title="Målbild 2023-2026", start_year=2023, aim="Ett mål."
    )


def test_files_no_row_refers_to_are_deleted_and_the_used_ones_kept(
    document, alice, ks, vision
):
    attachment = attachment_add_file(
        document=document,
        user=alice,
        title="Bilaga",
        file=SimpleUploadedFile("Bilaga 1.pdf", pdf_bytes()),
    )
    handlingar_pdf(Document.objects.get(pk=document.pk))  # and the report's PDF
    changed = document_start(
        case=case_register(
            board=ks, title="Ändrad", handler=alice, registered_by=alice
        ),
        user=alice,
    )
    handlingar_pdf(changed)
    stale_bundle = set(stored_files(f"documents/handlingar/{changed.case_id}"))
    document_touch(changed)  # changed since: its handlingar are read no more
    report.follow_up_report_pdf(vision, 2024)
    used = set(_all_files()) - stale_bundle
    orphans = {
        _save(f"attachments/{document.case_id}/Borttagen bilaga.pdf"),
        _save("documents/pdf/1-3-abc.pdf"),
        _save("documents/handlingar/999999/0123456789abcdef.pdf"),
        _save("minutes/pdf/1-minutes-abc.pdf"),
        _save("templates/logos/gammal logga.png", b"\x89PNG"),
        _save("visions/documents/gammal.pdf"),
        _save("visions/evidence/bevis.pdf"),
        _save(f"visions/reports/{vision.pk}-2024-{'0' * 32}.pdf"),
        _save(f"visions/reports/{vision.pk + 1000}-2024-{'1' * 32}.pdf"),
        *stale_bundle,
    }
    assert len(stale_bundle) == 1
    assert attachment.file.name in used
    assert [n for n in used if n.startswith("documents/handlingar/")]
    assert [n for n in used if n.startswith("visions/reports/")]

    found = orphan_files_delete(dry_run=False, older_than=NOW)

    assert set(found.deleted) == orphans
    assert found.too_new == []
    assert set(_all_files()) == used
    assert document_pdf(Document.objects.get(pk=document.pk))  # still readable


def test_a_dry_run_lists_the_orphans_and_deletes_nothing(document):
    orphan = _save(f"attachments/{document.case_id}/Borttagen.pdf")

    found = orphan_files_delete(dry_run=True, older_than=NOW)

    assert found.deleted == [orphan]
    assert default_storage.exists(orphan)


def test_an_orphan_newer_than_the_grace_period_is_left(document):
    orphan = _save(f"attachments/{document.case_id}/Laddas upp just nu.pdf")

    found = orphan_files_delete(dry_run=False, older_than=timedelta(hours=1))

    assert found.deleted == []
    assert found.too_new == [orphan]
    assert default_storage.exists(orphan)


def test_the_command_prints_what_it_deleted(document, capsys):
    orphan = _save(f"attachments/{document.case_id}/Borttagen.pdf")

    call_command("cleanup_files", "--dry-run", "--older-than-hours", "0")

    assert default_storage.exists(orphan)
    assert f"Would delete {orphan}\n" in capsys.readouterr().out

    call_command("cleanup_files", "--older-than-hours", "0")

    assert not default_storage.exists(orphan)
    output = capsys.readouterr().out
    assert f"Deleted {orphan}\n" in output
    assert "Deleted 1 orphan files; left 0 newer than 0 hours." in output


def test_the_command_leaves_a_days_files_by_default(document, capsys):
    orphan = _save(f"attachments/{document.case_id}/Ny.pdf")

    call_command("cleanup_files")

    assert default_storage.exists(orphan)
    assert "left 1 newer than 24 hours" in capsys.readouterr().out


def test_a_negative_grace_period_is_refused():
    with pytest.raises(CommandError, match="negative"):
        call_command("cleanup_files", "--older-than-hours", "-1")
