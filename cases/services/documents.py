"""Writes to a case's tjänsteskrivelse, and its rendering to HTML and PDF."""

import copy
import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Model, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import Organisation, User
from ssr_portal.lib.markup import clean_source, render
from ssr_portal.lib.pdf import environment_key, html_to_pdf
from ssr_portal.lib.storage import logo_url

from ..exceptions import DocumentConflict
from ..models import (
    Case,
    CaseReference,
    Document,
    DocumentTemplate,
    DocumentVersion,
    Recipient,
    Section,
    Signatory,
)
from .diarium import _check_may_write
from .workflow import case_start_drafting, check_not_frozen, current_approval

# The sections of a tjänsteskrivelse when the organisation has no template.
DEFAULT_SECTIONS = [
    ("Förslag till beslut", "### {board_genitive} beslut\n\n"),
    ("Sammanfattning", ""),
    ("Beskrivning av ärendet", ""),
    ("Förvaltningens synpunkter", ""),
    ("Ekonomiska och juridiska konsekvenser", ""),
]


# A tjänsteskrivelse has a handful of sections (DEFAULT_SECTIONS has five); a
# document with hundreds is a mistake or an attack, and each section is rows and a
# render on every save.
MAX_SECTIONS = 40
# The longest text of one section (a long description runs to a few pages).
MAX_SECTION_CHARACTERS = 200_000


@dataclass
class SectionInput:
    title: str
    text: str
    id: int | None = None


@dataclass
class SectionView:
    """A section as the print template and the preview show it."""

    title: str
    html: str
    text: str = ""
    id: int | None = None


@dataclass
class DocumentView:
    """Everything the print template needs, read once (no queries in templates)."""

    title: str
    case_number: str
    organisation_name: str
    board_name: str
    date: datetime.date | None
    handler_name: str = ""
    handler_email: str = ""
    handler_phone: str = ""
    department: str = ""
    logo_url: str = ""
    footer_lines: list[str] = field(default_factory=list)
    sections: list[SectionView] = field(default_factory=list)
    signatories: list[dict] = field(default_factory=list)
    # The approval, when the approver is not among the signatories:
    # {"date": date, "name": str, "title": str}; else the signatory carries it.
    approval: dict | None = None
    attachments: list[dict] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def board_genitive(name: str) -> str:
    """ "Kommunstyrelsen" → "Kommunstyrelsens" (Swedish genitive, as in the seed)."""
    return name if name.endswith(("s", "x", "z")) else f"{name}s"


def _fill(text: str, case: Case) -> str:
    return (
        text.replace("{board_genitive}", board_genitive(case.board.name))
        .replace("{board}", case.board.name)
        .replace("{title}", case.title)
    )


def document_default_template(case: Case) -> DocumentTemplate | None:
    return (
        DocumentTemplate.objects.filter(organisation_id=case.board.organisation_id)
        .order_by("-is_default", "pk")
        .first()
    )


def document_start(
    *, case: Case, user: User, today: datetime.date | None = None
) -> Document:
    """Give a case its tjänsteskrivelse, started from the organisation's template.

    Idempotent: a case that has its document gets it back unchanged. The sections
    are the template's for the case's kind (or all kinds), else DEFAULT_SECTIONS.
    """
    _check_may_write(user=user, board=case.board)
    existing = Document.objects.filter(case=case).first()
    if existing:
        return existing
    template = document_default_template(case)
    with transaction.atomic():
        # Starting the report starts the drafting (DESIGN.md workflow).
        case_start_drafting(case=case, user=user)
        # Once more under the case's lock: a second click that waited on it finds
        # the document the first one made (it was a 500 on the unique case).
        existing = Document.objects.filter(case=case).first()
        if existing:
            return existing
        document = Document(
            case=case,
            template=template,
            title=case.title,
            document_date=today or timezone.localdate(),
        )
        document.full_clean()
        document.save()
        starts = (
            [
                (s.title, s.text)
                for s in template.section_templates.all()
                if s.case_kind in ("", case.kind)
            ]
            if template
            else []
        ) or DEFAULT_SECTIONS
        for position, (title, text) in enumerate(starts):
            source = clean_source(_fill(text, case))
            Section.objects.create(
                document=document,
                position=position,
                title=title,
                text=source,
                html=render(source),
            )
        DocumentVersion.objects.create(
            document=document,
            number=1,
            saved_by=user,
            content=document_content(document),
        )
    return document


def document_content(document: Document) -> dict:
    """The document's text as one value: what a version stores and a diff compares.

    Each section carries its id, so that a comparison recognises a renamed section
    (versions stored before the id was kept are matched by heading and text)."""
    return {
        "title": document.title,
        "sections": [
            {"id": s.pk, "title": s.title, "text": s.text}
            for s in document.sections.order_by("position", "pk")
        ],
    }


def document_save(
    *,
    document: Document,
    user: User,
    base_version: int,
    title: str,
    document_date: datetime.date,
    sections: list[SectionInput],
) -> Document:
    """Save the title, date and sections of a document as its next version.

    1. Lock the document row and compare its version with `base_version`, the one
       the editor was opened on: if someone saved in between, raise
       DocumentConflict and change nothing, so the caller can show both texts.
    2. Clean each section's text, render it once, and write the sections
       in the given order (existing ones by id, new ones created, missing ones
       deleted).
    3. Move the version and the revision on and store the version's content.
    """
    _check_may_write(user=user, board=document.case.board)
    check_not_frozen(document.case)
    title = title.strip()
    errors = {}
    if not title:
        errors["title"] = _("The document needs a title.")
    if any(not s.title.strip() for s in sections):
        errors["sections"] = _("Every section needs a heading.")
    elif len(sections) > MAX_SECTIONS:
        errors["sections"] = _(
            "An official report can have at most %(count)d sections; this one has "
            "%(given)d. Use subheadings (###) within a section instead."
        ) % {"count": MAX_SECTIONS, "given": len(sections)}
    elif any(len(s.text) > MAX_SECTION_CHARACTERS for s in sections):
        errors["sections"] = _(
            "A section can hold at most %(count)s characters. Put long material in "
            "an attachment."
        ) % {"count": f"{MAX_SECTION_CHARACTERS:,}".replace(",", "\u00a0")}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        # Under the lock a submission also takes, so the two cannot interleave.
        check_not_frozen(document.case)
        if locked.version != base_version:
            raise DocumentConflict(locked)
        existing = {s.pk: s for s in locked.sections.all()}
        kept = set()
        for position, item in enumerate(sections):
            source = clean_source(item.text)
            section = existing.get(item.id) if item.id else None
            if section is None:
                section = Section(document=locked)
            section.position = position
            section.title = item.title.strip()
            section.text = source
            section.html = render(source)
            section.save()
            kept.add(section.pk)
        for pk, section in existing.items():
            if pk not in kept:
                section.delete()
        locked.title = title
        locked.document_date = document_date
        locked.version += 1
        locked.revision += 1
        locked.full_clean()
        locked.save()
        DocumentVersion.objects.create(
            document=locked,
            number=locked.version,
            saved_by=user,
            content=document_content(locked),
        )
    return locked


def document_touch(document: Document) -> None:
    """Note a change that shows in the PDF but not in the text (attachments,
    recipients, signatories, references): the stored PDF is then made anew."""
    Document.objects.filter(pk=document.pk).update(revision=F("revision") + 1)
    document.refresh_from_db(fields=["revision"])


def document_view(
    document: Document, *, sections: list[SectionView] | None = None
) -> DocumentView:
    """Read everything the print template shows, in a fixed number of queries.

    `sections` replaces the stored ones (the live preview of unsaved text).
    """
    case = (
        Case.objects.select_related("board__organisation", "handler")
        .prefetch_related("recipients")
        .get(pk=document.case_id)
    )
    template = document.template
    if sections is None:
        sections = [
            SectionView(title=s.title, html=s.html, text=s.text, id=s.pk)
            for s in document.sections.all()
        ]
    handler = case.handler
    signatories = [
        {"name": s.name, "title": s.title, "user_id": s.user_id}
        for s in document.signatories.all()
    ]
    approval = _approval_of(case, signatories)
    return DocumentView(
        title=document.title,
        case_number=case.number,
        organisation_name=case.board.organisation.name,
        board_name=case.board.name,
        date=document.document_date,
        handler_name=handler.get_full_name() if handler else "",
        handler_email=handler.email if handler else "",
        handler_phone=handler.phone if handler else "",
        department=template.department if template else "",
        logo_url=logo_url(template.logo.name) if template and template.logo else "",
        footer_lines=template.footer_line_list
        if template
        else [case.board.organisation.name],
        sections=sections,
        signatories=signatories,
        approval=approval,
        attachments=[{"title": a.title} for a in document.attachments.all()],
        recipients=[r.name for r in case.recipients.all()],
    )


def _approval_of(case: Case, signatories: list[dict]) -> dict | None:
    """Mark the approval in the signature block: on the signatory who approved
    (the same user, or the same full name), else as a line of its own."""
    if not case.is_frozen:
        return None
    event = current_approval(case)
    if event is None:
        return None
    approver = event.user
    date = timezone.localdate(event.created_at)
    name = (approver.get_full_name() or approver.username) if approver else ""
    for signatory in signatories:
        if (approver is not None and signatory["user_id"] == approver.pk) or (
            name and signatory["name"].casefold() == name.casefold()
        ):
            signatory["approved_at"] = date
            return None
    return {"date": date, "name": name, "title": approver.title if approver else ""}


def document_html(document: Document, *, view: DocumentView | None = None) -> str:
    """The whole print page of the document, always in the organisation's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "pdf/tjansteskrivelse.html", {"doc": view or document_view(document)}
        )


def _pdf_key(document: Document) -> str:
    """The document's revision, its template's last change and what else changes
    every PDF (language and catalogue, print templates and stylesheets,
    WeasyPrint: `environment_key`)."""
    template = document.template
    stamp = template.updated_at.isoformat() if template else "-"
    return f"{document.revision}:{stamp}:{environment_key()}"


def document_pdf(document: Document) -> bytes:
    """The document as PDF/A: the stored file while nothing changed, else a new one.

    A second download of an unchanged document reads the stored file and renders
    nothing. The key is `_pdf_key`.
    """
    key = _pdf_key(document)
    if document.pdf and document.pdf_key == key:
        try:
            with document.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass  # the stored file went missing: render again
    data = html_to_pdf(document_html(document))
    old_name = document.pdf.name if document.pdf else ""
    digest = hashlib.sha256(data).hexdigest()[:12]
    name = f"{document.case_id}-{document.revision}-{digest}.pdf"
    document.pdf.save(name, ContentFile(data), save=False)
    Document.objects.filter(pk=document.pk).update(pdf=document.pdf.name, pdf_key=key)
    document.pdf_key = key
    if old_name and old_name != document.pdf.name:
        document.pdf.storage.delete(old_name)
    return data


def document_preview_view(
    document: Document,
    *,
    title: str,
    document_date: datetime.date | None,
    sections: Sequence[SectionInput],
) -> DocumentView:
    """What the document would look like with this unsaved text (the live preview).

    Each section is cleaned and rendered exactly as `document_save` would; nothing
    is written."""
    draft = copy.copy(document)
    draft.title = title.strip() or document.title
    draft.document_date = document_date or document.document_date
    views = []
    for item in sections:
        source = clean_source(item.text)
        views.append(
            SectionView(
                title=item.title.strip(), html=render(source), text=source, id=item.id
            )
        )
    return document_view(draft, sections=views)


# Signatories, recipients and references -------------------------------------
# Each change shows in the PDF, so each one moves the document's revision on
# (document_touch) and the stored PDF is made anew on the next download.


def _check_may_change(*, user: User, case: Case) -> None:
    _check_may_write(
        user=user, board=case.board, message=_("You may not change this case.")
    )
    check_not_frozen(case)


def _touch_document_of(case: Case) -> None:
    document = Document.objects.filter(case=case).first()
    if document is not None:
        document_touch(document)


def _next_position(rows) -> int:
    highest = rows.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _move(rows: list[Model], row: Model, offset: int) -> bool:
    """Move `row` by `offset` places within `rows` (ordered) and number them all
    0, 1, 2, …; False when it cannot move (already first or last)."""
    index = next((i for i, r in enumerate(rows) if r.pk == row.pk), None)
    if index is None:
        return False
    target = index + offset
    if offset == 0 or not 0 <= target < len(rows):
        return False
    rows.insert(target, rows.pop(index))
    for position, item in enumerate(rows):
        item.position = position
    type(row).objects.bulk_update(rows, ["position"])
    return True


def _renumber(rows: list[Model]) -> None:
    for position, item in enumerate(rows):
        item.position = position
    if rows:
        type(rows[0]).objects.bulk_update(rows, ["position"])


def _panel_of(
    row: Signatory | Recipient,
) -> tuple[Case, QuerySet, Callable[[], None]]:
    """The case of a signatory or recipient, the rows of its panel, and how a
    change to them moves the document's revision on."""
    if isinstance(row, Signatory):
        document = row.document
        return (
            document.case,
            document.signatories.all(),
            partial(document_touch, document),
        )
    return row.case, row.case.recipients.all(), partial(_touch_document_of, row.case)


def panel_row_remove(*, row: Signatory | Recipient, user: User) -> None:
    """Remove a signatory or recipient; the others of its panel keep their order."""
    case, rows, touch = _panel_of(row)
    _check_may_change(user=user, case=case)
    with transaction.atomic():
        row._history_user = user
        row.delete()
        _renumber(list(rows.order_by("position", "pk")))
        touch()


def panel_row_move(*, row: Signatory | Recipient, user: User, offset: int) -> bool:
    """Move a signatory or recipient up (offset -1) or down (+1) in its panel;
    False if it cannot move."""
    case, rows, touch = _panel_of(row)
    _check_may_change(user=user, case=case)
    with transaction.atomic():
        moved = _move(
            list(rows.select_for_update().order_by("position", "pk")), row, offset
        )
        if moved:
            touch()
    return moved


def signatory_add(
    *,
    document: Document,
    user: User,
    name: str = "",
    title: str = "",
    person: User | None = None,
) -> Signatory:
    """Add a signatory at the end: a person of the organisation (whose name and
    title are taken unless written), or a name and title as typed."""
    case = document.case
    _check_may_change(user=user, case=case)
    errors = {}
    if person is not None:
        if person.organisation_id != case.board.organisation_id:
            errors["person"] = _(
                "The signatory must belong to the case's organisation."
            )
        elif document.signatories.filter(user=person).exists():
            errors["person"] = _("%(name)s already signs the report.") % {
                "name": person.get_full_name() or person.username
            }
        name = name.strip() or person.get_full_name() or person.username
        title = title.strip() or person.title
    name, title = name.strip(), title.strip()
    if not name:
        errors.setdefault("name", _("Choose a person or write a name."))
    if not title:
        errors.setdefault("title", _("Write the signatory's title."))
    if (
        "person" not in errors
        and name
        and document.signatories.filter(name__iexact=name).exists()
    ):
        errors["name"] = _("%(name)s already signs the report.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        signatory = Signatory(
            document=document,
            position=_next_position(document.signatories.all()),
            name=name,
            title=title,
            user=person,
        )
        signatory.full_clean()
        signatory._history_user = user
        signatory.save()
        document_touch(document)
    return signatory


def signatory_remove(*, signatory: Signatory, user: User) -> None:
    """Remove a signatory; the others keep their order."""
    panel_row_remove(row=signatory, user=user)


def signatory_move(*, signatory: Signatory, user: User, offset: int) -> bool:
    """Move a signatory up (offset -1) or down (+1); False if it cannot move."""
    return panel_row_move(row=signatory, user=user, offset=offset)


def recipient_add(
    *,
    case: Case,
    user: User,
    organisation: Organisation | None = None,
    name: str = "",
    email: str = "",
) -> Recipient:
    """Add a recipient of the decision at the end: a member organisation (printed
    by its name unless another is written), or a name as typed."""
    _check_may_change(user=user, case=case)
    name, email = name.strip(), email.strip()
    if organisation is not None and not name:
        name = organisation.name
    errors = {}
    if not name:
        errors["name"] = _("Choose an organisation or write a name.")
    elif (
        organisation is not None
        and case.recipients.filter(organisation=organisation).exists()
    ):
        errors["organisation"] = _("%(name)s is already a recipient.") % {
            "name": organisation.name
        }
    elif case.recipients.filter(name__iexact=name).exists():
        errors["name"] = _("%(name)s is already a recipient.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        recipient = Recipient(
            case=case,
            position=_next_position(case.recipients.all()),
            organisation=organisation,
            name=name,
            email=email,
        )
        recipient.full_clean()
        recipient._history_user = user
        recipient.save()
        _touch_document_of(case)
    return recipient


def recipient_remove(*, recipient: Recipient, user: User) -> None:
    """Remove a recipient; the others keep their order."""
    panel_row_remove(row=recipient, user=user)


def recipient_move(*, recipient: Recipient, user: User, offset: int) -> bool:
    """Move a recipient up (offset -1) or down (+1); False if it cannot move."""
    return panel_row_move(row=recipient, user=user, offset=offset)


def reference_add(
    *, case: Case, user: User, referenced_case: Case, note: str = ""
) -> CaseReference:
    """Refer from a case to an earlier one the user may see, once, never to itself.

    On the portal's pages every mention of the earlier case's number in the text
    becomes a link to it; the PDF keeps the number as plain text."""
    _check_may_change(user=user, case=case)
    if not user.is_system and not (
        Case.objects.visible_to(user).filter(pk=referenced_case.pk).exists()
    ):
        raise PermissionDenied(_("You may not see that case."))
    if referenced_case.pk == case.pk:
        raise ValidationError({"referenced_case": _("A case cannot refer to itself.")})
    if case.references.filter(referenced_case=referenced_case).exists():
        raise ValidationError(
            {
                "referenced_case": _("The case already refers to %(number)s.")
                % {"number": referenced_case.number}
            }
        )
    with transaction.atomic():
        reference = CaseReference(
            case=case, referenced_case=referenced_case, note=note.strip()
        )
        reference.full_clean()
        reference._history_user = user
        reference.save()
        _touch_document_of(case)
    return reference


def reference_remove(*, reference: CaseReference, user: User) -> None:
    """Remove a reference to an earlier case."""
    case = reference.case
    _check_may_change(user=user, case=case)
    with transaction.atomic():
        reference._history_user = user
        reference.delete()
        _touch_document_of(case)
