"""Writes to the bilagor of a case's tjänsteskrivelse: add, move, rename, remove.

Every function checks that the user may change the case, locks the case and the
document row (so two officials reordering at once wait for each other instead of
mixing their positions, and a submission cannot slip in between: "frozen" is
checked again under the locks), keeps the positions dense (0 … n-1, "Bilaga 1." is position 0) and
moves the document's revision on, so the stored PDF with its list of bilagor is
made anew.
"""

import logging
from typing import Literal, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.storage import StorageUnavailable
from ssr_portal.lib.text_extraction import extract_text

from ..locks import lock_case_document
from ..models import Attachment, Case, Document
from ..permissions import check_may_write
from ..uploads import ATTACHMENT_TYPES, check_upload
from .document_parts import document_touch
from .search_index import search_index_mark_case
from .transitions import check_not_frozen

logger = logging.getLogger(__name__)

# A CharField: its max_length is set (django-stubs types any field's as int | None).
TITLE_MAX_LENGTH = cast(int, Attachment._meta.get_field("title").max_length)


def _check_may_change(user: User, document: Document) -> None:
    """Refuse a user who may not change the case, and a frozen report (before
    any lock: a quick refusal; `_lock` checks "frozen" again)."""
    check_may_write(
        user=user, board=document.case.board, message=_("You may not change this case.")
    )
    check_not_frozen(document.case)


def _lock(document: Document) -> Document:
    """Lock the case and then the document row for the rest of the transaction
    (cases/locks.py: the locks a submission takes too), and check again under
    them that the report is not frozen: a submission that committed while this
    change waited refuses it (CaseFrozen)."""
    case, locked = lock_case_document(document.case_id)
    check_not_frozen(case)
    assert locked is not None  # the case's document, which we were given
    return locked


def _ordered(document: Document) -> list[Attachment]:
    return list(Attachment.objects.filter(document=document).order_by("position", "pk"))


def _store_positions(attachments: list[Attachment]) -> None:
    """Number the attachments 0 … n-1 in the given order, writing only changes."""
    for position, attachment in enumerate(attachments):
        if attachment.position != position:
            attachment.position = position
            Attachment.objects.filter(pk=attachment.pk).update(position=position)


def _clean_title(title: str, *, default: str = "") -> str:
    title = " ".join(title.split()) or default
    if not title:
        raise ValidationError({"title": _("The attachment needs a title.")})
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("The title can be at most %(count)d characters long.")
                % {"count": TITLE_MAX_LENGTH}
            }
        )
    return title


def attachment_add_file(
    *, document: Document, user: User, file: File, title: str = ""
) -> Attachment:
    """Add an uploaded file as the document's last bilaga.

    1. Check the user may change the case, and the file (cases/uploads.py): type by
       content, size, name. The title defaults to the file's name without its
       extension.
    2. Under the document's lock, store the file through the storage API at the
       next position, with its cleaned name, detected type and size.
    3. Move the document's revision on, and queue the reading of the file's
       text for search (the attachment_text_extract task, in the same
       transaction). A failure after the file was stored removes it again, so no
       orphan file is left (if the storage cannot remove it either,
       `orphan_files_delete` does later).

    A file storage that does not answer raises StorageUnavailable: nothing is
    saved, and the case and document are as they were.
    """
    _check_may_change(user, document)
    try:
        checked = check_upload(file, allowed=ATTACHMENT_TYPES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    stem = checked.name.rpartition(".")[0] or checked.name
    title = _clean_title(title, default=stem)
    stored_name = ""
    try:
        with transaction.atomic():
            locked = _lock(document)
            attachment = Attachment(
                document=locked,
                position=Attachment.objects.filter(document=locked).count(),
                title=title,
                original_name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
            )
            checked.file.seek(0)
            attachment.file.save(checked.name, checked.file, save=False)
            stored_name = attachment.file.name
            attachment.full_clean()
            set_history_user(attachment, user)
            attachment.save()
            document_touch(document)
            _enqueue_text_extraction(attachment)
    except Exception:
        if stored_name:
            _delete_file(attachment.file.storage, stored_name)
        raise
    return attachment


def _default_title(document: Document, source: Document) -> str:
    """The title of an attached report when the official gives none: the report's
    own, unless someone who may read this case may not read that one (a secret
    case's title is as secret as its text): then a title that names nothing."""
    from .handlingar import case_may_include

    if case_may_include(document.case, source.case):
        return source.title
    with translation.override(settings.LANGUAGE_CODE):  # stored, read by all
        return _("Official report of a case under secrecy")


def attachment_add_case_document(
    *, document: Document, user: User, source_case: Case, title: str = ""
) -> Attachment:
    """Add another case's tjänsteskrivelse as the document's last bilaga.

    The other case must be one the user may see, must have a document and must not
    be this case or attached already. The title defaults to that document's title;
    its PDF is made when the bilaga is downloaded, so it is always the current one.
    """
    _check_may_change(user, document)
    if source_case.pk == document.case_id:
        raise ValidationError(
            {"source_case": _("A case's own report cannot be its attachment.")}
        )
    if not user.is_system and not (
        Case.objects.visible_to(user).filter(pk=source_case.pk).exists()
    ):
        raise ValidationError({"source_case": _("There is no such case.")})
    source_document = Document.objects.filter(case=source_case).first()
    if source_document is None:
        raise ValidationError(
            {
                "source_case": _("Case %(number)s has no official report to attach.")
                % {"number": source_case.number}
            }
        )
    title = _clean_title(title, default=_default_title(document, source_document))
    with transaction.atomic():
        locked = _lock(document)
        if Attachment.objects.filter(document=locked, source_case=source_case).exists():
            raise ValidationError(
                {
                    "source_case": _(
                        "The report of case %(number)s is already an attachment."
                    )
                    % {"number": source_case.number}
                }
            )
        attachment = Attachment(
            document=locked,
            position=Attachment.objects.filter(document=locked).count(),
            title=title,
            source_case=source_case,
            content_type="application/pdf",
        )
        attachment.full_clean()
        set_history_user(attachment, user)
        attachment.save()
        document_touch(document)
    return attachment


def attachment_move(
    *, attachment: Attachment, user: User, direction: Literal["up", "down"]
) -> bool:
    """Move a bilaga one place up or down; False (and nothing changed) when it is
    already first or last."""
    document = attachment.document
    _check_may_change(user, document)
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    with transaction.atomic():
        locked = _lock(document)
        attachments = _ordered(locked)
        index = next(i for i, a in enumerate(attachments) if a.pk == attachment.pk)
        target = index - 1 if direction == "up" else index + 1
        if not 0 <= target < len(attachments):
            _store_positions(attachments)
            return False
        attachments[index], attachments[target] = (
            attachments[target],
            attachments[index],
        )
        _store_positions(attachments)
        document_touch(document)
    attachment.position = target
    return True


def attachment_rename(*, attachment: Attachment, user: User, title: str) -> Attachment:
    """Give a bilaga a new title (as the report's list of bilagor prints it)."""
    document = attachment.document
    _check_may_change(user, document)
    title = _clean_title(title)
    if title == attachment.title:
        return attachment
    with transaction.atomic():
        _lock(document)
        attachment.title = title
        attachment.full_clean()
        set_history_user(attachment, user)
        attachment.save(update_fields=["title", "updated_at"])
        document_touch(document)
    return attachment


def attachment_remove(*, attachment: Attachment, user: User) -> None:
    """Remove a bilaga; the ones after it move up a place.

    The stored file is deleted once the removal is committed (a rolled-back removal
    keeps it). The row's history keeps what the bilaga was called and when it went.
    """
    document = attachment.document
    _check_may_change(user, document)
    stored_name = attachment.file.name if attachment.file else ""
    storage = attachment.file.storage
    with transaction.atomic():
        locked = _lock(document)
        set_history_user(attachment, user)
        attachment.delete()
        _store_positions(_ordered(locked))
        document_touch(document)
        if stored_name:
            transaction.on_commit(lambda: _delete_file(storage, stored_name))


def _delete_file(storage, name: str) -> None:
    """Delete a stored file, or log that it is left for `orphan_files_delete`."""
    try:
        storage.delete(name)
    except (OSError, StorageUnavailable):  # gone already, or the storage is down
        logger.warning("Could not delete the attachment file %s", name)


def _enqueue_text_extraction(attachment: Attachment) -> None:
    from ..tasks import attachment_text_extract

    attachment_text_extract.enqueue(attachment_id=attachment.pk)


def attachment_text_extract_now(*, attachment_id: int) -> bool:
    """Read the text of an uploaded attachment's file into `Attachment.text` (the
    worker's task). False when the attachment is gone or is another case's
    document. Reading again gives the same text, so a task run twice is harmless;
    the row's history is not touched (the text is derived from the file)."""
    attachment = (
        Attachment.objects.filter(pk=attachment_id)
        .exclude(file="")
        .select_related("document")
        .first()
    )
    if attachment is None:
        return False
    with attachment.file.open("rb") as handle:
        data = handle.read()
    text = extract_text(data, attachment.content_type)
    Attachment.objects.filter(pk=attachment.pk).update(
        text=text, text_extracted_at=timezone.now()
    )
    # An update sends no signal: the case's search entry is marked here.
    search_index_mark_case(attachment.document.case_id)
    return True
