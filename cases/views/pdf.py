"""The PDFs of a case: its tjänsteskrivelse, and the handlingar with its attachments."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .. import services
from ..models import Document
from ..services.handlingar import handlingar_pdf as build_handlingar_pdf
from .access import _get_case_for_user, _refusals_as_page


def pdf_response(data: bytes, filename: str, *, private: bool = True) -> HttpResponse:
    """A PDF shown in the browser (inline) under the name "Save" suggests, the
    header built by Django (a quote or a non-ASCII letter in a case number
    cannot break it). A private PDF is kept by no shared cache."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    if private:
        response["Cache-Control"] = "private, no-cache"
    return response


def _file_stem(number: str) -> str:
    return number.replace("/", "-").replace(":", "-").replace(" ", "_")


def _get_document_for_user(request: HttpRequest, pk: int) -> Document:
    case = _get_case_for_user(request.user, pk)
    document = Document.objects.filter(case=case).select_related("template").first()
    if document is None:
        raise Http404("This case has no official report yet.")
    document.case = case
    return document


@login_required
@require_GET
@_refusals_as_page
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_document_for_user(request, pk)
    data = services.document_pdf(document)
    return pdf_response(
        data, f"{_file_stem(document.case.number)}_tjansteskrivelse.pdf"
    )


@login_required
@require_GET
@_refusals_as_page
def handlingar_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The tjänsteskrivelse followed by its attachments, with bookmarks."""
    document = _get_document_for_user(request, pk)
    data = build_handlingar_pdf(document)
    return pdf_response(data, f"{_file_stem(document.case.number)}_handlingar.pdf")
