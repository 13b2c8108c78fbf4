"""The målbild's bilagor and evidence files keep the name they were uploaded with
(shown, and the download name); the storage has a generated name (issue 12 §7)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.uploads import check_upload
from targets import services
from targets.models import GoalFollowUp
from tests.cases.test_upload_validation import pdf_bytes

pytestmark = pytest.mark.django_db

NAME = "Protokollsutdrag 2024-03-12 § 45.pdf"
DISPOSITION = (
    "attachment; filename*=utf-8''Protokollsutdrag%202024-03-12%20%C2%A7%2045.pdf"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_evidence_file_downloads_under_its_uploaded_name(
    client, vision, coordinator
):
    goal = vision.goals.first()
    services.follow_up_set(
        goal=goal, year=2024, status="under_way", comment="", user=coordinator
    )
    evidence = services.evidence_add(
        follow_up=GoalFollowUp.objects.get(goal=goal, year=2024),
        user=coordinator,
        kind="file",
        title="Kommunstyrelsens beslut",
        file=SimpleUploadedFile(NAME, pdf_bytes(), "application/pdf"),
    )

    assert evidence.original_name == NAME
    assert re.fullmatch(r"visions/evidence/[0-9a-f]{32}\.pdf", evidence.file.name)
    response = client.get(
        reverse("targets:evidence_file", args=[vision.pk, evidence.pk])
    )
    assert response["Content-Disposition"] == DISPOSITION


def test_a_vision_document_downloads_under_its_uploaded_name(
    client, vision, coordinator
):
    document = services.vision_document_add(
        vision=vision,
        user=coordinator,
        upload=check_upload(SimpleUploadedFile(NAME, pdf_bytes())),
    )

    assert document.title == NAME
    assert re.fullmatch(r"visions/documents/[0-9a-f]{32}\.pdf", document.file.name)
    response = client.get(document.get_absolute_url())
    assert response["Content-Disposition"] == DISPOSITION
