"""`manage.py render_document`: a case's tjänsteskrivelse (or handlingar) to a file."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from cases.services import document_start
from tests.factories import BoardFactory, CaseFactory
from tests.helpers import system

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def document(ks):
    case = CaseFactory(board=ks, year=2023, serial=236, title="Målbild SSR 2023-2026")
    return document_start(case=case, user=system())


def test_it_writes_the_documents_pdf(document, tmp_path, capsys):
    out = tmp_path / "malbild.pdf"
    call_command("render_document", "KS 2023/236", out=out)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.metadata.title == "Målbild SSR 2023-2026"
    assert "KS 2023/236" in reader.metadata["/Keywords"]
    assert str(out) in capsys.readouterr().out


def test_it_writes_the_handlingar_with_their_bookmarks(document, tmp_path):
    out = tmp_path / "handlingar.pdf"
    call_command("render_document", "KS 2023/236", out=out, handlingar=True)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert len(reader.outline) >= 1
    assert reader.xmp_metadata is None


def test_an_unknown_number_is_an_error(document, tmp_path):
    with pytest.raises(CommandError, match="No case numbered 'KS 2023/999'"):
        call_command("render_document", "KS 2023/999", out=tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_case_without_a_document_is_an_error(ks, tmp_path):
    CaseFactory(board=ks, year=2023, serial=5)
    with pytest.raises(CommandError, match="KS 2023/5 has no tjänsteskrivelse"):
        call_command("render_document", "KS 2023/5", out=tmp_path / "x.pdf")


def test_a_number_of_two_organisations_needs_the_organisation(
    document, botkyrka, tmp_path
):
    same_format = BoardFactory(organisation=botkyrka, prefix="KS")
    CaseFactory(board=same_format, year=2023, serial=236)
    with pytest.raises(CommandError, match="--organisation") as error:
        call_command("render_document", "KS 2023/236", out=tmp_path / "x.pdf")
    assert "huddinge" in str(error.value) and "botkyrka" in str(error.value)
    for organisation in ("huddinge", "0126"):
        out = tmp_path / f"{organisation}.pdf"
        call_command(
            "render_document", "KS 2023/236", organisation=organisation, out=out
        )
        assert out.read_bytes().startswith(b"%PDF-")


def test_the_organisation_narrows_an_unknown_number_too(document, botkyrka, tmp_path):
    with pytest.raises(CommandError, match="in organisation 'botkyrka'"):
        call_command(
            "render_document",
            "KS 2023/236",
            organisation="botkyrka",
            out=tmp_path / "x.pdf",
        )


def test_the_file_is_required(document):
    with pytest.raises(CommandError, match="--out"):
        call_command("render_document", "KS 2023/236")
