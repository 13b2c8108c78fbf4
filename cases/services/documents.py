"""Writes to a case's tjänsteskrivelse, and its rendering to HTML and PDF."""

import copy
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import User
from ssr_portal.lib.markup import clean_source, render
from ssr_portal.lib.pdf import html_to_pdf
from ssr_portal.lib.pdf_cache import cached_pdf
from ssr_portal.lib.storage import logo_url

from ..exceptions import DocumentConflict
from ..locks import lock_case_document
from ..models import (
    Case,
    Document,
    DocumentTemplate,
    DocumentTitle,
    DocumentVersion,
    PrintedTitle,
    Section,
)
from ..permissions import check_may_write

# The signatories, recipients and references (and document_touch) have their own
# module; their names stay importable from here, where the pages look for them.
from .document_parts import (  # noqa: F401
    document_touch,
    panel_row_move,
    panel_row_remove,
    recipient_add,
    recipient_move,
    recipient_remove,
    reference_add,
    reference_remove,
    signatory_add,
    signatory_move,
    signatory_remove,
)
from .transitions import check_not_frozen
from .workflow import case_start_drafting, current_approval

# The sections of a tjänsteskrivelse when the organisation has no template. A
# section's text starts with its text, not with a subheading: the section's
# heading is its title ("### Kommunstyrelsens beslut" under "Förslag till beslut"
# showed as raw signs on the first line of a new report).
DEFAULT_SECTIONS = [
    ("Förslag till beslut", ""),
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
    # What the organisation calls the document and its page text
    # (DocumentTitle); the Swedish default "Tjänsteskrivelse" without one.
    printed: PrintedTitle | None = None


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
    check_may_write(user=user, board=case.board)
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

    1. Lock the case and the document row (cases/locks.py), check again that the
       report is not frozen, and compare its version with `base_version`, the one
       the editor was opened on: if someone saved in between, raise
       DocumentConflict and change nothing, so the caller can show both texts.
    2. Clean each section's text, render it once, and write the sections
       in the given order (existing ones by id, new ones created, missing ones
       deleted).
    3. Move the version and the revision on and store the version's content.
    """
    check_may_write(user=user, board=document.case.board)
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
        # Under the locks a submission also takes, so the two cannot interleave.
        locked_case, locked = lock_case_document(document.case_id)
        check_not_frozen(locked_case)
        assert locked is not None  # the case's document, which we were given
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
        printed=DocumentTitle.of(
            case.board.organisation_id, DocumentTitle.Kind.OFFICIAL_REPORT
        ),
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


# Part of the key of a document's PDF: bump it when the tjänsteskrivelse changes
# in a way neither its revision, its template nor `environment_key` shows.
DOCUMENT_PDF_VERSION = "1"
DOCUMENT_PDF_FOLDER = "documents/pdf"  # /<case id>/


def document_pdf_content(document: Document) -> str:
    """What the document's PDF is made from, as the PDF cache keys it: its
    revision (every change to the document or its case raises it), its
    template's last change and the organisation's title of a tjänsteskrivelse
    (one query: a title changed in the admin renders anew); the cache adds
    `environment_key`."""
    template = document.template
    stamp = template.updated_at.isoformat() if template else "-"
    title = (
        DocumentTitle.objects.filter(
            kind=DocumentTitle.Kind.OFFICIAL_REPORT,
            organisation__boards__cases__pk=document.case_id,
        )
        .values_list("title", "page_mark")
        .first()
    )
    return f"{document.revision}:{stamp}:{title!r}"


def document_pdf(document: Document) -> bytes:
    """The document as PDF/A: the stored file while nothing changed, else a new one.

    A second download of an unchanged document reads the stored file and renders
    nothing, and queries only the title (ssr_portal/lib/pdf_cache.py, keyed by
    `document_pdf_content`).
    """
    return cached_pdf(
        scope=f"document:{document.pk}",
        folder=f"{DOCUMENT_PDF_FOLDER}/{document.case_id}",
        version=DOCUMENT_PDF_VERSION,
        content=document_pdf_content(document),
        render=lambda: html_to_pdf(document_html(document)),
        keep=1,  # every reader gets the same PDF: the newest one only
    )


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
