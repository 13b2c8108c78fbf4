"""Pages of a case's tjänsteskrivelse: the document and its versions, and the
helpers its editor (editor.py) and side panels (panels.py) share.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from members.models import Organisation, User
from members.roles import Role

from ..diff import compare_versions
from ..forms.documents import (
    RecipientForm,
    ReferenceForm,
    SignatoryForm,
    VersionCompareForm,
)
from ..models import Case, CaseReference, Document
from ..services import documents as services
from ..services import user_may_write
from .access import _get_case_for_user, _refusals_as_page
from .workflow import workflow_context

# How many of the organisation's case numbers the reference field suggests.
REFERENCE_SUGGESTIONS = 300


def _get_document(case: Case, *, for_display: bool = True) -> Document | None:
    """The case's report; `for_display` reads what its page and preview show."""
    documents = Document.objects.filter(case=case)
    if for_display:
        documents = documents.select_related("template").prefetch_related(
            "signatories", "attachments"
        )
    document = documents.first()
    if document is not None:
        document.case = case
    return document


def _require_document(case: Case, *, for_display: bool = True) -> Document:
    document = _get_document(case, for_display=for_display)
    if document is None:
        raise Http404("This case has no official report yet.")
    return document


def _document_url(case: Case, anchor: str = "") -> str:
    url = reverse("cases:document", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def _references(case: Case, user: User) -> list[CaseReference]:
    """The case's references to cases the user may see (a secret case of another
    organisation is neither listed nor linked)."""
    return list(
        case.references.filter(
            referenced_case__in=Case.objects.visible_to(user)
        ).select_related("referenced_case")
    )


def _links(references: list[CaseReference]) -> dict[str, str]:
    return {
        r.referenced_case.number: r.referenced_case.get_absolute_url()
        for r in references
    }


def _directors(case: Case) -> QuerySet[User]:
    """Who may be picked as signatory: the organisation's chief executives."""
    return (
        User.objects.filter(
            organisation_id=case.board.organisation_id,
            is_active=True,
            groups__name=Role.DIRECTOR,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def _reference_cases(case: Case, user: User) -> QuerySet[Case]:
    return Case.objects.visible_to(user).exclude(pk=case.pk)


# The document page ---------------------------------------------------------


def _document_page(
    request: HttpRequest,
    case: Case,
    *,
    signatory_form: SignatoryForm | None = None,
    recipient_form: RecipientForm | None = None,
    reference_form: ReferenceForm | None = None,
    return_form=None,
    reopen_form=None,
) -> HttpResponse:
    user = request.user
    document = _get_document(case)
    # A frozen report (submitted, approved or further on) shows no change forms.
    may_change = user_may_write(user=user, board=case.board) and not case.is_frozen
    context = {"case": case, "document": document, "may_change": may_change}
    context |= workflow_context(
        user, case, return_form=return_form, reopen_form=reopen_form
    )
    if document is not None:
        references = _references(case, user)
        context |= {
            "doc": services.document_view(document),
            "links": _links(references),
            "references": references,
            "signatories": list(document.signatories.all()),
            "recipients": list(case.recipients.all()),
        }
        if may_change:
            context |= {
                "signatory_form": signatory_form
                or SignatoryForm(people=_directors(case)),
                "recipient_form": recipient_form
                or RecipientForm(organisations=Organisation.objects.order_by("name")),
                "reference_form": reference_form
                or ReferenceForm(case=case, cases=_reference_cases(case, user)),
                "reference_suggestions": _reference_cases(case, user)
                .filter(board__organisation_id=case.board.organisation_id)
                .newest_first()
                .values_list("number", "title")[:REFERENCE_SUGGESTIONS],
            }
    return render(request, "cases/document/detail.html", context)


@login_required
@_refusals_as_page
@require_safe
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    return _document_page(request, case)


@login_required
@_refusals_as_page
@require_POST
def document_start(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk, for_change=True)
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
@_refusals_as_page
@require_safe
def document_versions(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    document = _require_document(case, for_display=False)
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
@_refusals_as_page
@require_safe
def document_compare(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk)
    document = _require_document(case, for_display=False)
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
