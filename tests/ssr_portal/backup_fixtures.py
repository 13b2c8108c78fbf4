"""Fixtures of the backup tests: a file store of the test's own (so that the
manifest holds only this test's files) and a case with an uploaded attachment."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cases.models import Attachment
from cases.services import case_register, document_start
from cases.services.attachments import attachment_add_file
from tests.cases.test_upload_validation import pdf_bytes


@pytest.fixture
def store(settings, tmp_path):
    """The file store of this test: local disk in a fresh folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def attachment(store, ks, alice) -> Attachment:
    """KS 2023/1 with its tjänsteskrivelse and one uploaded PDF, Bilaga 1."""
    case = case_register(
        board=ks, title="Målbild SSR 2023-2026", handler=alice, registered_by=alice
    )
    document = document_start(case=case, user=alice)
    return attachment_add_file(
        document=document,
        user=alice,
        file=SimpleUploadedFile(
            "Målbild.pdf", pdf_bytes(), content_type="application/pdf"
        ),
    )


def manifest_of_now(path) -> dict:
    call_command("backup_manifest", out=path)
    return json.loads(path.read_text())
