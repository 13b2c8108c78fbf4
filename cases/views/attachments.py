"""The bilagor of a case's tjänsteskrivelse, their downloads, and "Start from Word"."""

import io
import logging
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from members.models import User
from ssr_portal.lib.forms import add_service_errors
from ssr_portal.lib.storage import StorageUnavailable

from ..exceptions import DocumentConflict
from ..forms.attachments import (
    AttachmentMoveForm,
    AttachmentRenameForm,
    AttachmentUploadForm,
    CaseDocumentAttachForm,
    DocumentImportForm,
)
from ..models import Attachment, Case, Document
from ..permissions import user_may_write
from ..services import attachments as attachment_services
from ..services import docx_import
from ..services.documents import document_pdf
from ..services.transitions import frozen_message
from ..uploads import ATTACHMENT_TYPES, clean_file_name
from .access import case_refusals_as_page, get_case_for_user

logger = logging.getLogger(__name__)

_TYPE_LABELS = {t.content_type: t.label for t in ATTACHMENT_TYPES}


@dataclass
class AttachmentRow:
    """One bilaga as the page shows it (computed here: no queries in templates)."""

    attachment: Attachment
    number: int
    is_first: bool
    is_last: bool
    type_label: str
    file_name: str
    # False for another case's report that this user may not see.
    may_download: bool


def _document_of(case: Case) -> Document | None:
    document = Document.objects.filter(case=case).first()
    if document is not None:
        document.case = case
    return document


def _get_attachment(case: Case, attachment_id: int) -> Attachment:
    """The bilaga of this case's document (404 for one of another case)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("document", "source_case"),
        pk=attachment_id,
        document__case=case,
    )
    attachment.document.case = case
    return attachment


def _report_file_name(case: Case, title: str) -> str:
    number = case.number.replace("/", "-").replace(":", "-")
    return clean_file_name(f"{number} {title}.pdf")


def _rows(document: Document, user: User) -> list[AttachmentRow]:
    attachments = list(
        document.attachments.select_related("source_case").order_by("position", "pk")
    )
    source_ids = {a.source_case_id for a in attachments if a.source_case_id}
    visible = set(
        Case.objects.visible_to(user)
        .filter(pk__in=source_ids, document__isnull=False)
        .values_list("pk", flat=True)
    )
    rows = []
    for index, attachment in enumerate(attachments):
        if attachment.source_case_id:
            file_name = _report_file_name(attachment.source_case, attachment.title)
            type_label = "PDF"
        else:
            file_name = attachment.original_name or attachment.file.name.rsplit("/")[-1]
            type_label = _TYPE_LABELS.get(attachment.content_type, _("File"))
        rows.append(
            AttachmentRow(
                attachment=attachment,
                number=index + 1,
                is_first=index == 0,
                is_last=index == len(attachments) - 1,
                type_label=type_label,
                file_name=file_name,
                may_download=not attachment.source_case_id
                or attachment.source_case_id in visible,
            )
        )
    return rows


def _attachable_cases(case: Case, document: Document, user: User) -> QuerySet[Case]:
    """Cases whose report may be attached: visible, with a document, not this case
    and not attached already; the user's own organisation first, newest first."""
    attached = document.attachments.filter(source_case__isnull=False).values(
        "source_case"
    )
    return (
        Case.objects.visible_to(user)
        .filter(document__isnull=False)
        .exclude(pk=case.pk)
        .exclude(pk__in=attached)
        .with_related()
        .order_by("board__organisation__name", "-year", "-serial", "pk")
    )


def _page_url(case: Case, attachment: Attachment | None = None) -> str:
    url = reverse("cases:attachments", args=[case.pk])
    return f"{url}#attachment-{attachment.pk}" if attachment else url


def _render_page(
    request: HttpRequest,
    case: Case,
    *,
    upload_form: AttachmentUploadForm | None = None,
    case_form: CaseDocumentAttachForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    document = _document_of(case)
    # A submitted or approved report is frozen: its attachments are shown, not
    # offered for change (the services refuse changes all the same).
    may_change = user_may_write(user=user, board=case.board) and not case.is_frozen
    context = {
        "case": case,
        "document": document,
        "may_change": may_change,
        "frozen_message": frozen_message(case) if case.is_frozen else "",
        "rows": _rows(document, user) if document else [],
    }
    if document and may_change:
        context["upload_form"] = upload_form or AttachmentUploadForm(prefix="upload")
        context["case_form"] = case_form or CaseDocumentAttachForm(
            prefix="case",
            cases=_attachable_cases(case, document, user),
            own_organisation_id=case.board.organisation_id,
        )
    return render(request, "cases/attachments/list.html", context, status=status)


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The bilagor; a POST uploads a file as the next one."""
    if request.method in ("GET", "HEAD"):
        return _render_page(request, get_case_for_user(request.user, pk))
    case = get_case_for_user(request.user, pk, for_change=True)
    document = _document_of(case)
    if document is None:
        messages.error(request, _("The case has no official report yet."))
        return redirect(_page_url(case))
    form = AttachmentUploadForm(request.POST, request.FILES, prefix="upload")
    if form.is_valid():
        try:
            attachment = attachment_services.attachment_add_file(
                document=document,
                user=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except StorageUnavailable as error:
            # Shown in the form, which keeps the title (a browser never keeps
            # the chosen file); nothing was saved.
            form.add_error(None, error.message)
            return _render_page(request, case, upload_form=form, status=503)
        else:
            messages.success(
                request,
                _("%(title)s was added as attachment %(number)d.")
                % {"title": attachment.title, "number": attachment.position + 1},
            )
            return redirect(_page_url(case, attachment))
    return _render_page(request, case, upload_form=form, status=400)


@login_required
@case_refusals_as_page
@require_POST
def attachment_add_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, for_change=True)
    document = _document_of(case)
    if document is None:
        raise Http404("This case has no official report yet.")
    form = CaseDocumentAttachForm(
        request.POST,
        prefix="case",
        cases=_attachable_cases(case, document, request.user),
        own_organisation_id=case.board.organisation_id,
    )
    if form.is_valid():
        try:
            attachment = attachment_services.attachment_add_case_document(
                document=document, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(title)s was added as attachment %(number)d.")
                % {"title": attachment.title, "number": attachment.position + 1},
            )
            return redirect(_page_url(case, attachment))
    return _render_page(request, case, case_form=form, status=400)


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int, attachment_id: int):
    """The file of a bilaga, as a download under its cleaned original name.

    Only for users who may see the case (404 otherwise); for another case's report,
    also that case. The type is the one detected at upload, never guessed again.
    """
    case = get_case_for_user(request.user, pk)
    attachment = _get_attachment(case, attachment_id)
    if attachment.source_case_id:
        source = get_object_or_404(
            Case.objects.visible_to(request.user).with_related(),
            pk=attachment.source_case_id,
        )
        source_document = _document_of(source)
        if source_document is None:
            raise Http404("That case has no official report.")
        handle = io.BytesIO(document_pdf(source_document))
        name = _report_file_name(source, source_document.title)
        content_type = "application/pdf"
    else:
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            logger.error("The file of attachment %s is missing", attachment.pk)
            raise Http404("The file is missing.") from None
        name = attachment.original_name or attachment.file.name.rsplit("/")[-1]
        content_type = attachment.content_type or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@case_refusals_as_page
@require_POST
def attachment_move(request: HttpRequest, pk: int, attachment_id: int):
    """Move a bilaga up or down. With htmx, answer with the table alone (focus
    stays on the pressed button, which keeps its id); without, redirect back."""
    case = get_case_for_user(request.user, pk, for_change=True)
    attachment = _get_attachment(case, attachment_id)
    form = AttachmentMoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose up or down."), status=400)
    direction = form.cleaned_data["direction"]
    moved = attachment_services.attachment_move(
        attachment=attachment, user=request.user, direction=direction
    )
    values = {"title": attachment.title, "number": attachment.position + 1}
    if not moved:
        status = (
            _("%(title)s is already the first attachment.")
            if direction == "up"
            else _("%(title)s is already the last attachment.")
        ) % values
    else:
        status = _("%(title)s is now attachment %(number)d.") % values
    if request.htmx:
        document = attachment.document
        return render(
            request,
            "cases/attachments/partials/attachment_table.html",
            {
                "case": case,
                "rows": _rows(document, request.user),
                "may_change": True,
                "status_message": status,
            },
        )
    (messages.success if moved else messages.info)(request, status)
    return redirect(_page_url(case, attachment))


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_rename(request: HttpRequest, pk: int, attachment_id: int):
    case = get_case_for_user(request.user, pk, for_change=True)
    attachment = _get_attachment(case, attachment_id)
    form = AttachmentRenameForm(
        request.POST or None, initial={"title": attachment.title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            attachment_services.attachment_rename(
                attachment=attachment,
                user=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attachment was renamed."))
            return redirect(_page_url(case, attachment))
    number = _number_of(attachment)
    return render(
        request,
        "cases/attachments/rename.html",
        {"case": case, "attachment": attachment, "number": number, "form": form},
    )


def _number_of(attachment: Attachment) -> int:
    """ "Bilaga 3." is 3: the place in the list, whatever the stored position."""
    order = list(
        Attachment.objects.filter(document_id=attachment.document_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    return order.index(attachment.pk) + 1


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_remove(request: HttpRequest, pk: int, attachment_id: int):
    """Ask, then remove a bilaga (the ones after it move up)."""
    case = get_case_for_user(request.user, pk, for_change=True)
    attachment = _get_attachment(case, attachment_id)
    if request.method == "POST":
        attachment_services.attachment_remove(attachment=attachment, user=request.user)
        messages.success(
            request,
            _("%(title)s was removed from the attachments.")
            % {"title": attachment.title},
        )
        return redirect(_page_url(case))
    return render(
        request,
        "cases/attachments/remove.html",
        {"case": case, "attachment": attachment, "number": _number_of(attachment)},
    )


def _editor_url(case: Case) -> str:
    """The document editor, once the other half of the documents pages exists."""
    try:
        return reverse("cases:document", args=[case.pk])
    except NoReverseMatch:
        return case.get_absolute_url()


@login_required
@case_refusals_as_page
@require_http_methods(["GET", "HEAD", "POST"])
def document_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Start from Word: a .docx's headings and paragraphs become the sections."""
    case = get_case_for_user(request.user, pk, for_change=True)
    document = _document_of(case)
    has_text = docx_import.document_has_text(document)
    initial = {"base_version": document.version if document else None}
    form = DocumentImportForm(
        request.POST or None, request.FILES or None, initial=initial, has_text=has_text
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            document, imported = docx_import.document_import_docx(
                case=case,
                user=request.user,
                file=form.cleaned_data["file"],
                base_version=form.cleaned_data["base_version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except DocumentConflict as error:
            conflict = True
            current = error.document.version
            form.add_error(
                None,
                _(
                    "Someone saved the report after you opened this page, so"
                    " nothing was imported. Look at the current text first; to"
                    " replace it all the same, choose the file again and import."
                ),
            )
            # The person has now been told; the next import may replace that text.
            data = form.data.copy()
            data["base_version"] = str(current)
            form.data = data
        else:
            messages.success(
                request,
                _("The Word file was imported as version %(version)d.")
                % {"version": document.version},
            )
            for notice in imported.notices:
                messages.warning(request, notice)
            return redirect(_editor_url(case))
    return render(
        request,
        "cases/attachments/document_import.html",
        {
            "case": case,
            "document": document,
            "form": form,
            "has_text": has_text,
            "conflict": conflict,
            "editor_url": _editor_url(case),
        },
        status=400 if request.method == "POST" else 200,
    )
