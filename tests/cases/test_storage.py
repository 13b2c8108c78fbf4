"""The portal's files on S3-compatible object storage, as production keeps them.

Each test has a bucket of its own on a local S3 server (moto, started by the
suite: the `s3` fixture of tests/conftest.py), configured the way the SSR_S3_*
variables configure production's. The objects are looked at on the server,
not through the portal.
"""

import io
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from cases.models import Attachment, Document, DocumentTemplate
from cases.services import document_pdf, document_start
from cases.services.attachments import attachment_add_file
from ssr_portal.models import CachedPdf
from tests.cases.test_upload_validation import pdf_bytes
from tests.helpers import run_tasks, use_language

pytestmark = pytest.mark.django_db

PROTOKOLLSUTDRAG = "Protokollsutdrag 2024-03-12 § 45.pdf"


@pytest.fixture
def document(case, alice, huddinge):
    DocumentTemplate.objects.create(
        organisation=huddinge, name="Tjänsteskrivelse", is_default=True
    )
    return document_start(case=case, user=alice)


def _pdf(text: str) -> bytes:
    """A small valid PDF whose bytes differ with `text`."""
    return pdf_bytes(title=text)


def _png() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (120, 40), "#0a5").save(image, format="PNG")
    return image.getvalue()


def _upload(client, case, name, data, title=""):
    return client.post(
        reverse("cases:attachments", args=[case.pk]),
        {"upload-title": title, "upload-file": SimpleUploadedFile(name, data)},
    )


def _download(client, attachment):
    response = client.get(
        reverse(
            "cases:attachment-download",
            args=[attachment.document.case_id, attachment.pk],
        )
    )
    return response, b"".join(response.streaming_content)


def _download_name(response) -> str:
    disposition = response["Content-Disposition"]
    if "filename*=utf-8''" in disposition:
        return unquote(disposition.split("filename*=utf-8''", 1)[1])
    return disposition.split('filename="', 1)[1].rstrip('"')


def test_an_uploaded_attachment_is_in_the_bucket_and_downloads_unchanged(
    client, alice, document, s3
):
    client.force_login(alice)
    data = _pdf("överenskommelse")

    response = _upload(client, document.case, "Överenskommelse.pdf", data)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert s3.objects() == [attachment.file.name]
    assert attachment.file.name.startswith(f"attachments/{document.case_id}/")
    assert s3.read(attachment.file.name) == data
    download, body = _download(client, attachment)
    assert download.status_code == 200
    assert body == data


def test_the_stored_report_pdf_and_the_handlingar_are_in_the_bucket(
    client, alice, document, s3
):
    attachment_add_file(
        document=document,
        user=alice,
        title="Bilaga",
        file=SimpleUploadedFile("Bilaga.pdf", _pdf("bilaga")),
    )
    client.force_login(alice)
    handlingar_url = reverse("cases:handlingar-pdf", args=[document.case_id])

    report = client.get(reverse("cases:document-pdf", args=[document.case_id]))
    assert client.get(handlingar_url).status_code == 202  # the worker builds them
    run_tasks()
    handlingar = client.get(handlingar_url)

    assert report.status_code == handlingar.status_code == 200
    stored = CachedPdf.objects.get(scope=f"document:{document.pk}").file.name
    assert stored.startswith("documents/pdf/")
    assert s3.read(stored) == report.content
    bundles = [
        k
        for k in s3.objects()
        if k.startswith(f"documents/handlingar/{document.case_id}/")
    ]
    assert len(bundles) == 1
    assert s3.read(bundles[0]) == handlingar.content


def test_a_removed_attachment_is_deleted_from_the_bucket(
    client, alice, document, s3, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    _upload(client, document.case, "Bilaga.pdf", _pdf("bilaga"))
    attachment = Attachment.objects.get()
    assert s3.objects() == [attachment.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:attachment-remove", args=[document.case_id, attachment.pk]),
            {"confirm": "yes"},
        )

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert s3.objects() == []


def test_a_name_with_swedish_letters_spaces_and_a_paragraph_sign_survives(
    client, alice, document, s3
):
    client.force_login(alice)
    data = _pdf("utdrag")

    _upload(client, document.case, PROTOKOLLSUTDRAG, data)

    attachment = Attachment.objects.get()
    assert attachment.title == "Protokollsutdrag 2024-03-12 § 45"
    assert s3.read(attachment.file.name) == data
    response, body = _download(client, attachment)
    assert _download_name(response) == PROTOKOLLSUTDRAG
    assert body == data
    page = client.get(reverse("cases:attachments", args=[document.case_id]))
    assert PROTOKOLLSUTDRAG in page.content.decode()


def test_two_uploads_of_the_same_name_keep_both_files(client, alice, document, s3):
    client.force_login(alice)
    first, second = _pdf("första"), _pdf("andra")

    _upload(client, document.case, "Bilaga 1.pdf", first)
    _upload(client, document.case, "Bilaga 1.pdf", second)

    one, two = Attachment.objects.order_by("position")
    assert one.file.name != two.file.name
    assert len(s3.objects()) == 2
    assert _download(client, one)[1] == first
    assert _download(client, two)[1] == second


def test_the_letterhead_logo_in_the_pdf_is_read_from_the_bucket(document, s3):
    document.template.logo.save("Huddinge logga.png", ContentFile(_png()))
    assert document.template.logo.name in s3.objects()

    data = document_pdf(Document.objects.get(pk=document.pk))

    page = PdfReader(io.BytesIO(data)).pages[0]
    images = [
        x.get_object()
        for x in page["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert len(images) == 1


# The object store down -------------------------------------------------------------


def test_an_upload_while_the_store_is_down_is_a_message_in_the_form(
    client, alice, document, s3
):
    use_language(client, "sv")
    client.force_login(alice)
    revision = Document.objects.get(pk=document.pk).revision
    history = Attachment.history.count()
    s3.server.stop()

    response = _upload(
        client, document.case, "Bilaga.pdf", _pdf("bilaga"), title="Överenskommelse"
    )

    assert response.status_code == 503
    page = response.content.decode()
    assert "Fillagringen är inte tillgänglig just nu" in page
    assert 'value="Överenskommelse"' in page  # the form kept its title
    assert not Attachment.objects.exists()
    assert Attachment.history.count() == history
    assert Document.objects.get(pk=document.pk).revision == revision
    s3.server.start()
    assert s3.objects() == []


def test_a_file_stored_before_the_database_write_failed_is_removed(
    document, alice, s3, monkeypatch
):
    def fail(document):
        raise DatabaseError("the database went away")

    monkeypatch.setattr("cases.services.attachments.document_touch", fail)

    with pytest.raises(DatabaseError):
        attachment_add_file(
            document=document,
            user=alice,
            title="Bilaga",
            file=SimpleUploadedFile("Bilaga.pdf", _pdf("bilaga")),
        )

    assert not Attachment.objects.exists()
    assert s3.objects() == []


def test_a_download_while_the_store_is_down_is_a_503_page_in_swedish(
    client, alice, document, s3
):
    use_language(client, "sv")
    client.force_login(alice)
    _upload(client, document.case, "Bilaga.pdf", _pdf("bilaga"))
    attachment = Attachment.objects.get()
    s3.server.stop()

    response = client.get(
        reverse("cases:attachment-download", args=[document.case_id, attachment.pk])
    )

    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "Filerna går inte att nå" in page
    assert "Fillagringen är inte tillgänglig just nu" in page


def test_an_upload_to_a_bucket_that_is_not_there_is_a_message_too(
    client, alice, document, s3
):
    """A misconfigured SSR_S3_BUCKET is no 'file not found'."""
    default_storage.connection.meta.client.delete_bucket(Bucket=s3.bucket)
    client.force_login(alice)

    response = _upload(client, document.case, "Bilaga.pdf", _pdf("bilaga"))

    assert response.status_code == 503
    assert "The file storage is not available just now" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_pdf_whose_logo_cannot_be_read_is_the_503_page(client, alice, document, s3):
    document.template.logo.save("logga.png", ContentFile(_png()))
    client.force_login(alice)
    s3.server.stop()

    response = client.get(reverse("cases:document-pdf", args=[document.case_id]))

    assert response.status_code == 503
    assert "The file storage is not available just now" in response.content.decode()
