"""The PDFs of a case: its tjänsteskrivelse, and the handlingar with its attachments."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ssr_portal.lib.http import pdf_response

from .. import services
from ..models import Document
from ..services.handlingar import handlingar_build_enqueue, handlingar_stored
from .access import case_refusals_as_page, get_case_for_user


def pdf_preparing_response(
    request: HttpRequest, *, title: str, back_url: str, back_label: str
) -> HttpResponse:
    """202: the PDF is being put together in the background. The page (or, for
    htmx's polling, its status region) says so and links to the PDF's own URL,
    which serves the file once it is ready."""
    url = request.path
    if request.htmx:
        return render(
            request,
            "partials/pdf_preparing_status.html",
            {"ready": False, "url": url},
            status=202,
        )
    context = {"title": title, "url": url, "back_url": back_url}
    context["back_label"] = back_label
    return render(request, "pdf_preparing.html", context, status=202)


def pdf_ready_or_file(request: HttpRequest, data: bytes, filename: str) -> HttpResponse:
    """The PDF, or for htmx's polling the status region that links to it."""
    if request.htmx:
        return render(
            request,
            "partials/pdf_preparing_status.html",
            {"ready": True, "url": request.path},
        )
    return pdf_response(data, filename)


def _file_stem(number: str) -> str:
    return number.replace("/", "-").replace(":", "-").replace(" ", "_")


def _get_document_for_user(request: HttpRequest, pk: int) -> Document:
    case = get_case_for_user(request.user, pk)
    document = Document.objects.filter(case=case).select_related("template").first()
    if document is None:
        raise Http404("This case has no official report yet.")
    document.case = case
    return document


@login_required
@require_safe
@case_refusals_as_page
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_document_for_user(request, pk)
    data = services.document_pdf(document)
    return pdf_response(
        data, f"{_file_stem(document.case.number)}_tjansteskrivelse.pdf"
    )


@login_required
@require_safe
@case_refusals_as_page
def handlingar_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The tjänsteskrivelse followed by its attachments, with bookmarks: the
    stored file, or a page that waits while the worker puts it together."""
    document = _get_document_for_user(request, pk)
    case = document.case
    data = handlingar_stored(document)
    if data is None:
        handlingar_build_enqueue(document)
        return pdf_preparing_response(
            request,
            title=_("The documents of %(number)s are being put together")
            % {"number": case.number},
            back_url=reverse("cases:document", args=[case.pk]),
            back_label=_("Back to the official report of %(number)s")
            % {"number": case.number},
        )
    return pdf_ready_or_file(request, data, f"{_file_stem(case.number)}_handlingar.pdf")
