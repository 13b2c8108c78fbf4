"""The editor of a case's tjänsteskrivelse, its live preview and its save
conflicts.

The editor is one plain form (title, date, the version it was opened on, and every
section), so that it works without JavaScript: moving, adding and removing a
section are submit buttons that show the form again, changed but not saved. htmx
only adds the live preview; a small script adds the formatting buttons.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.markup import clean_source

from ..exceptions import DocumentConflict
from ..forms.documents import (
    DocumentForm,
    PostedSection,
    SectionAction,
    posted_date,
    posted_sections,
    section_formset,
)
from ..models import Case, Document
from ..services import documents as services
from .access import case_refusals_as_page, get_case_for_user
from .pages import (
    document_url,
    reference_links,
    require_document,
    visible_references,
    workflow_context,
)


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
    references = visible_references(case, request.user)
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
            "links": reference_links(references),
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
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    case = get_case_for_user(user, pk, for_change=True)
    document = require_document(case)
    if case.is_frozen:
        # The message and, for those who may, the step that unfreezes it.
        return render(
            request,
            "cases/document/frozen.html",
            {"case": case, "document": document} | workflow_context(user, case),
            status=200 if request.method in ("GET", "HEAD") else 409,
        )
    if request.method in ("GET", "HEAD"):
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
        except DocumentConflict as refused:
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
            return redirect(document_url(case))
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
@case_refusals_as_page
@require_POST
def document_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The document body with the posted, unsaved text (htmx, from the editor)."""
    case = get_case_for_user(request.user, pk, for_change=True)
    document = require_document(case)
    data = request.POST
    return render(
        request,
        "cases/document/partials/preview.html",
        {
            "doc": _posted_view(document, data, posted_sections(data)),
            "links": reference_links(visible_references(case, request.user)),
            "announce": True,
        },
    )
