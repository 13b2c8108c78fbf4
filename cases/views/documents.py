"""Pages of a case's tjänsteskrivelse: the document and its versions (the page
itself is built in pages.py, which the editor and the side panels share).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from ..diff import compare_versions
from ..forms.documents import VersionCompareForm
from ..models import Document
from ..services import documents as services
from .access import case_refusals_as_page, get_case_for_user
from .pages import document_page, require_document


@login_required
@case_refusals_as_page
@require_safe
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    return document_page(request, case)


@login_required
@case_refusals_as_page
@require_POST
def document_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    services.document_start(case=case, user=request.user)
    return redirect("cases:document-edit", pk=case.pk)


# Versions ---------------------------------------------------------------------


def _versions(document: Document) -> list:
    # The list shows who and when; the contents stay in the database.
    return list(
        document.versions.select_related("saved_by")
        .defer("content")
        .order_by("-number")
    )


@login_required
@case_refusals_as_page
@require_safe
def document_versions(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    document = require_document(case, for_display=False)
    versions = _versions(document)
    return render(
        request,
        "cases/document/versions.html",
        {
            "case": case,
            "document": document,
            "versions": versions,
            "compare_form": VersionCompareForm(versions=versions),
        },
    )


@login_required
@case_refusals_as_page
@require_safe
def document_compare(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    document = require_document(case, for_display=False)
    versions = _versions(document)
    form = VersionCompareForm(request.GET, versions=versions)
    comparison = old = new = None
    if form.is_valid():
        chosen = {
            v.number: v
            for v in document.versions.select_related("saved_by").filter(
                number__in=[form.cleaned_data["from"], form.cleaned_data["to"]]
            )
        }
        old, new = chosen[form.cleaned_data["from"]], chosen[form.cleaned_data["to"]]
        comparison = compare_versions(old.content, new.content)
    return render(
        request,
        "cases/document/compare.html",
        {
            "case": case,
            "document": document,
            "compare_form": form,
            "old": old,
            "new": new,
            "comparison": comparison,
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )
