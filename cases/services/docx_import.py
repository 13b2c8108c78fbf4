"""Start a tjänsteskrivelse from a Word file (.docx): the file is read by
docx_reader.py, and its title and sections replace the document's as its next
version (document_save)."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import User

from ..exceptions import DocumentConflict
from ..models import Case, Document
from ..permissions import check_may_write
from ..uploads import WORD_TYPES, check_upload
from .documents import (
    document_save,
    document_start,
)
from .docx_reader import ImportedDocument, docx_to_document

__all__ = [
    "ImportedDocument",
    "docx_to_document",
    "document_has_text",
    "document_import_docx",
]


def document_import_docx(
    *, case: Case, user: User, file: File, base_version: int | None
) -> tuple[Document, ImportedDocument]:
    """Replace the sections of the case's tjänsteskrivelse with a Word file's.

    1. Check the user may change the case and the file is a real .docx.
    2. Read it into sections (docx_to_document).
    3. In one transaction: start the document if the case has none, then save the
       imported title and sections through document_save as the next version.
       `base_version` is the version the import page showed (None: there was no
       document); someone else's save since then raises DocumentConflict and
       changes nothing. The title stays unless the file has a Title paragraph.
    """
    check_may_write(
        user=user, board=case.board, message=_("You may not change this case.")
    )
    try:
        checked = check_upload(file, allowed=WORD_TYPES)
        imported = docx_to_document(checked.file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        document = Document.objects.filter(case=case).first()
        if document is None:
            document = document_start(case=case, user=user)
            if base_version is None:
                base_version = document.version
        elif base_version is None:
            raise DocumentConflict(document)
        document = document_save(
            document=document,
            user=user,
            base_version=base_version,
            title=imported.title or document.title,
            document_date=document.document_date,
            sections=imported.sections,
        )
    return document, imported


def document_has_text(document: Document | None) -> bool:
    """Whether replacing the document's sections would lose written text."""
    if document is None:
        return False
    return any(
        text.strip() for text in document.sections.values_list("text", flat=True)
    )
