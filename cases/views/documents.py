"""Pages of a case's tjänsteskrivelse: the document, its editor and live preview,
its signatories, recipients and references, and its versions.

The editor is one plain form (title, date, the version it was opened on, and every
section), so that it works without JavaScript: moving, adding and removing a
section are submit buttons that show the form again, changed but not saved. htmx
only adds the live preview; a small script adds the formatting buttons.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.models import Organisation, User
from members.roles import Role
from ssr_portal.lib.markup import clean_source

from ..diff import compare_versions
from ..forms.base import add_service_errors
from ..forms.documents import (
    DocumentForm,
    PostedSection,
    RecipientForm,
    ReferenceForm,
    SectionAction,
    SignatoryForm,
    VersionCompareForm,
    posted_date,
    posted_sections,
    section_formset,
)
from ..models import Case, CaseReference, Document, Recipient, Signatory
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
@require_GET
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


# The editor -----------------------------------------------------------------


@dataclass
class SectionRow:
    """One section of the editor form as the template draws it."""

    form: object
    index: int
    is_first: bool
    is_last: bool
    focus: str = ""  # "up", "down" or "title": gets the focus when the page loads
    note: str = ""  # what just happened to it (moved, added)

    @property
    def number(self) -> int:
        return self.index + 1


def _rows(formset, *, focus_index: int | None = None, focus: str = "", note=""):
    forms = list(formset.forms)
    rows = []
    for index, form in enumerate(forms):
        row = SectionRow(
            form=form, index=index, is_first=index == 0, is_last=index == len(forms) - 1
        )
        if index == focus_index:
            row.focus, row.note = focus, note
            if focus == "title":
                form.fields["title"].widget.attrs["autofocus"] = True
        rows.append(row)
    return rows


def _focus_after(action: SectionAction, index: int | None, count: int) -> str:
    """Where the keyboard goes after a section button: the same button of the moved
    section (so that pressing it again moves it on), else the section's heading."""
    if index is None:
        return "add"
    if action.kind in ("up", "down"):
        can_up, can_down = index > 0, index < count - 1
        if action.kind == "up":
            return "up" if can_up else ("down" if can_down else "title")
        return "down" if can_down else ("up" if can_up else "title")
    return "title"


def _editor(
    request: HttpRequest,
    case: Case,
    document: Document,
    *,
    form: DocumentForm,
    formset,
    doc,
    rows=None,
    focus: str = "",
    unsaved: bool = False,
    conflict: dict | None = None,
) -> HttpResponse:
    references = _references(case, request.user)
    return render(
        request,
        "cases/document/edit.html",
        {
            "case": case,
            "document": document,
            "form": form,
            "formset": formset,
            "rows": rows if rows is not None else _rows(formset),
            "doc": doc,
            "links": _links(references),
            "focus": focus,
            "unsaved": unsaved,
            "conflict": conflict,
        },
    )


def _posted_view(document: Document, data, sections: list[PostedSection]):
    return services.document_preview_view(
        document,
        title=data.get("title", ""),
        document_date=posted_date(data),
        sections=[s.as_input() for s in sections],
    )


def _conflict(theirs: Document, form: DocumentForm, formset) -> dict:
    """Their saved text next to yours, section by section (yours in your order,
    then the sections only they have)."""
    content = services.document_content(theirs)
    their_sections = {s["id"]: s for s in content["sections"]}
    rows = []
    for item in formset.section_inputs():
        their = their_sections.pop(item.id, None) if item.id else None
        # As it would be stored: line ends as the browser sent them (CRLF) differ.
        yours = clean_source(item.text)
        same_text = their is not None and their["text"] == yours
        rows.append(
            {
                "title": item.title,
                "their_title": their["title"] if their else "",
                "theirs": their["text"] if their else None,
                "yours": yours,
                "same_text": same_text,
                "same": same_text and their["title"] == item.title.strip(),
            }
        )
    for their in their_sections.values():
        rows.append(
            {
                "title": their["title"],
                "their_title": their["title"],
                "theirs": their["text"],
                "yours": None,
                "same_text": False,
                "same": False,
            }
        )
    latest = theirs.versions.select_related("saved_by").first()
    return {
        "version": theirs.version,
        "saved_by": latest.saved_by if latest else None,
        "saved_at": latest.saved_at if latest else None,
        "their_title": content["title"],
        "your_title": form.cleaned_data["title"],
        "rows": rows,
    }


@login_required
@_refusals_as_page
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _get_case_for_user(user, pk, for_change=True)
    document = _require_document(case)
    if case.is_frozen:
        # The message and, for those who may, the step that unfreezes it.
        return render(
            request,
            "cases/document/frozen.html",
            {"case": case, "document": document} | workflow_context(user, case),
            status=200 if request.method == "GET" else 409,
        )
    if request.method == "GET":
        formset = section_formset(
            initial=[
                {"id": s.pk, "title": s.title, "text": s.text}
                for s in document.sections.all()
            ]
        )
        return _editor(
            request,
            case,
            document,
            form=DocumentForm(initial=DocumentForm.initial_for(document)),
            formset=formset,
            doc=services.document_view(document),
        )

    data = request.POST
    action_value = data.get("action", "save")
    if action_value != "save":
        # Move, add, remove or preview: the same form again, nothing saved.
        sections = posted_sections(data)
        action = SectionAction.parse(action_value)
        focus_index, note, focus = None, "", "preview"
        if action is not None:
            focus_index, note = action.apply(sections)
            focus = _focus_after(action, focus_index, len(sections))
        formset = section_formset(initial=[s.as_initial() for s in sections])
        form = DocumentForm(
            initial={
                "title": data.get("title", ""),
                "document_date": data.get("document_date", ""),
                "base_version": data.get("base_version", ""),
            }
        )
        return _editor(
            request,
            case,
            document,
            form=form,
            formset=formset,
            rows=_rows(formset, focus_index=focus_index, focus=focus, note=note),
            doc=_posted_view(document, data, sections),
            focus=focus,
            unsaved=True,
        )

    form = DocumentForm(data)
    formset = section_formset(data=data)
    if form.is_valid() and formset.is_valid():
        try:
            services.document_save(
                document=document,
                user=user,
                base_version=form.cleaned_data["base_version"],
                title=form.cleaned_data["title"],
                document_date=form.cleaned_data["document_date"],
                sections=formset.section_inputs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except services.DocumentConflict as refused:
            # Show their text and yours; the form keeps yours and now names their
            # version, so that saving again replaces theirs knowingly.
            renewed = data.copy()
            renewed["base_version"] = str(refused.document.version)
            form, formset = DocumentForm(renewed), section_formset(data=renewed)
            form.is_valid()
            formset.is_valid()
            return _editor(
                request,
                case,
                document,
                form=form,
                formset=formset,
                doc=_posted_view(document, renewed, posted_sections(renewed)),
                unsaved=True,
                conflict=_conflict(refused.document, form, formset),
            )
        else:
            messages.success(request, _("The official report was saved."))
            return redirect(_document_url(case))
    return _editor(
        request,
        case,
        document,
        form=form,
        formset=formset,
        doc=_posted_view(document, data, posted_sections(data)),
        unsaved=True,
    )


@login_required
@_refusals_as_page
@require_POST
def document_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The document body with the posted, unsaved text (htmx, from the editor)."""
    case = _get_case_for_user(request.user, pk, for_change=True)
    document = _require_document(case)
    data = request.POST
    return render(
        request,
        "cases/document/partials/preview.html",
        {
            "doc": _posted_view(document, data, posted_sections(data)),
            "links": _links(_references(case, request.user)),
            "announce": True,
        },
    )


# Signatories, recipients and references -------------------------------------


def _offset(request: HttpRequest) -> int | None:
    return {"up": -1, "down": 1}.get(request.POST.get("direction", ""))


def _signatory(request: HttpRequest, pk: int, item: int) -> tuple[Case, Signatory]:
    case = _get_case_for_user(request.user, pk, for_change=True)
    return case, get_object_or_404(Signatory, pk=item, document__case=case)


def _recipient(request: HttpRequest, pk: int, item: int) -> tuple[Case, Recipient]:
    case = _get_case_for_user(request.user, pk, for_change=True)
    return case, get_object_or_404(Recipient, pk=item, case=case)


def _panel_url(case: Case, row: Signatory | Recipient) -> str:
    return _document_url(
        case, "signatories" if isinstance(row, Signatory) else "recipients"
    )


def _panel_row_remove(
    request: HttpRequest, case: Case, row: Signatory | Recipient, message: str
) -> HttpResponse:
    """Remove a signatory or recipient, say so (`message` names it as %(name)s)
    and show its panel again."""
    services.panel_row_remove(row=row, user=request.user)
    messages.success(request, message % {"name": row.name})
    return redirect(_panel_url(case, row))


def _panel_row_move(
    request: HttpRequest, case: Case, row: Signatory | Recipient
) -> HttpResponse:
    """Move a signatory or recipient in the posted direction and show its panel
    again."""
    offset = _offset(request)
    if offset is None:
        return HttpResponseBadRequest("direction must be up or down")
    services.panel_row_move(row=row, user=request.user, offset=offset)
    return redirect(_panel_url(case, row))


@login_required
@_refusals_as_page
@require_POST
def signatory_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk, for_change=True)
    document = _require_document(case)
    form = SignatoryForm(request.POST, people=_directors(case))
    if form.is_valid():
        try:
            signatory = services.signatory_add(
                document=document, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added as signatory.") % {"name": signatory.name},
            )
            return redirect(_document_url(case, "signatories"))
    return _document_page(request, case, signatory_form=form)


@login_required
@_refusals_as_page
@require_POST
def signatory_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case, signatory = _signatory(request, pk, item)
    return _panel_row_remove(
        request, case, signatory, _("%(name)s no longer signs the report.")
    )


@login_required
@_refusals_as_page
@require_POST
def signatory_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _panel_row_move(request, *_signatory(request, pk, item))


@login_required
@_refusals_as_page
@require_POST
def recipient_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk, for_change=True)
    _require_document(case, for_display=False)
    form = RecipientForm(
        request.POST, organisations=Organisation.objects.order_by("name")
    )
    if form.is_valid():
        try:
            recipient = services.recipient_add(
                case=case, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was added as recipient.") % {"name": recipient.name},
            )
            return redirect(_document_url(case, "recipients"))
    return _document_page(request, case, recipient_form=form)


@login_required
@_refusals_as_page
@require_POST
def recipient_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case, recipient = _recipient(request, pk, item)
    return _panel_row_remove(
        request, case, recipient, _("%(name)s is no longer a recipient.")
    )


@login_required
@_refusals_as_page
@require_POST
def recipient_move(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    return _panel_row_move(request, *_recipient(request, pk, item))


@login_required
@_refusals_as_page
@require_POST
def reference_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = _get_case_for_user(user, pk, for_change=True)
    _require_document(case, for_display=False)
    form = ReferenceForm(request.POST, case=case, cases=_reference_cases(case, user))
    if form.is_valid():
        try:
            reference = services.reference_add(
                case=case, user=user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The reference to %(number)s was added.")
                % {"number": reference.referenced_case.number},
            )
            return redirect(_document_url(case, "references"))
    return _document_page(request, case, reference_form=form)


@login_required
@_refusals_as_page
@require_POST
def reference_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    case = _get_case_for_user(request.user, pk, for_change=True)
    reference = get_object_or_404(
        CaseReference.objects.select_related("referenced_case"), pk=item, case=case
    )
    services.reference_remove(reference=reference, user=request.user)
    messages.success(
        request,
        _("The reference to %(number)s was removed.")
        % {"number": reference.referenced_case.number},
    )
    return redirect(_document_url(case, "references"))


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
@require_GET
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
@require_GET
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
