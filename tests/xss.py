"""Script payloads in every text a person can type, for tests/ssr_portal/test_xss.py
and the browser test tests/e2e/test_xss.py: the demo with each such text replaced
by a labelled payload, and the checks that a page or a PDF shows it as text.

Each text is `[<Model>.<field>#<pk>] <payload>`: the label says where a payload
came from when it shows (or, worse, when it does not show as typed)."""

import re
from html.parser import HTMLParser

from django.db import models
from django.urls import reverse

from cases.models import (
    ApprovalEvent,
    Attachment,
    Case,
    CaseReference,
    ChangeProposal,
    Decision,
    DecisionStatement,
    Dispatch,
    Document,
    DocumentTemplate,
    JournalEntry,
    Meeting,
    Notice,
    Recipient,
    Section,
    Signatory,
)
from cases.services import SectionInput, document_save
from cases.services.diarium import case_update, journal_entry_register
from cases.services.documents import recipient_add, reference_add, signatory_add
from members.models import (
    Board,
    ChefsgruppSeat,
    MembershipEvent,
    Organisation,
    User,
)
from ssr_portal.demo import FRESH_CASE_TITLE, load_demo
from ssr_portal.lib.pdf_cache import pdf_cache_forget
from targets.models import (
    Activation,
    Evidence,
    Foundation,
    Goal,
    GoalFollowUp,
    MemberApproval,
    Milestone,
    Vision,
    VisionDocument,
    VisionVersion,
)

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><svg onload=alert(1)>",
    "{{7*7}}",
    "{% now 'Y' %}",
    # A right-to-left override, which turns "exe.txt" around on screen.
    "\u202eexe.txt",
    "javascript:alert(1)",
]
PAYLOAD = " ".join(PAYLOADS)
# For the fields too short for all of them.
SHORT = SCRIPT + '"><img src=x onerror=alert(1)>'
# A link to a script in the document markup: never a link.
JAVASCRIPT_LINK = "[klicka här](javascript:alert(1))"

# Every text a person types through the portal's forms (cases/forms, targets/forms)
# or in the admin (members' organisations, boards, people), as Model: fields.
TEXTS: dict[type[models.Model], list[str]] = {
    Attachment: ["title", "original_name"],
    DocumentTemplate: ["department", "footer_lines"],
    Notice: ["minutes_kept_at"],
    Meeting: ["place", "other_members_present"],
    Decision: ["text", "motions", "procedure"],
    DecisionStatement: ["member_name", "text"],
    ChangeProposal: ["text", "note"],
    Dispatch: ["recipient_name", "note"],
    ApprovalEvent: ["comment"],
    Vision: ["title", "aim", "description"],
    VisionVersion: ["decided_by", "note"],
    VisionDocument: ["title", "original_name"],
    Foundation: ["title", "text"],
    Goal: ["title", "ambition"],
    Milestone: ["title"],
    Activation: ["reason", "requested_by"],
    MemberApproval: ["approver_name", "board_name", "note"],
    GoalFollowUp: ["comment"],
    Evidence: ["title"],
    Organisation: ["name", "short_name"],
    Board: ["name"],
    User: ["first_name", "last_name", "title"],
    ChefsgruppSeat: ["holder_title", "holder_name", "note"],
    MembershipEvent: ["note"],
}
# Written through the services, as the forms do (the fresh case in drafting).
SERVICE_TEXTS = [
    "Case.title",
    "Case.description",
    "Document.title",
    "Section.title",
    "Section.text",
    "Section.footnote",
    "Signatory.name",
    "Signatory.title",
    "Recipient.name",
    "CaseReference.note",
    "JournalEntry.subject",
    "JournalEntry.counterpart",
]
# Shown in the protocol (the decision form shows them as its fields' values).
PDF_ONLY = {
    "Decision.motions",
    "Decision.procedure",
    "DecisionStatement.member_name",
    "DecisionStatement.text",
}

_LABEL = re.compile(r"\[(\w+\.\w+)#\d+\] ")


def _max(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length


def text_for(label: str, pk: int, max_length: int | None = None) -> str:
    text = f"[{label}#{pk}] {PAYLOAD}"
    if max_length and len(text) > max_length:
        text = f"[{label}#{pk}] {SHORT}"
    assert not max_length or len(text) <= max_length, label
    return text


def load_demo_with_payloads() -> dict:
    """The demo, every text above replaced by its payload; returns the objects
    the pages are about."""
    load_demo()
    for model, fields in TEXTS.items():
        for row in model.objects.all():
            changes = {}
            for name in fields:
                field = model._meta.get_field(name)
                changes[name] = text_for(
                    f"{model.__name__}.{name}", row.pk, field.max_length
                )
            model.objects.filter(pk=row.pk).update(**changes)

    handler = User.objects.get(username="handlaggare")
    malbild = Case.objects.get(number="KS 2023/236")
    meeting = Meeting.objects.get(items__case=malbild)
    decision = Decision.objects.get(item__case=malbild)
    secretary = User.objects.get(username="sekreterare")
    adjuster = User.objects.get(username="justerare")
    # A reservation and a proposed change of the minutes, which the demo has not.
    for kind, member in zip(DecisionStatement.Kind, [adjuster, None], strict=True):
        statement = DecisionStatement.objects.create(
            decision=decision, kind=kind, member=member, member_name="-"
        )
        DecisionStatement.objects.filter(pk=statement.pk).update(
            text=text_for("DecisionStatement.text", statement.pk),
            member_name=""
            if member
            else text_for(
                "DecisionStatement.member_name",
                statement.pk,
                _max(DecisionStatement, "member_name"),
            ),
        )
    proposal = ChangeProposal.objects.create(
        meeting=meeting,
        item=decision.item,
        proposed_by=adjuster,
        text="-",
        status=ChangeProposal.Status.REJECTED,
        decided_by=secretary,
        decided_at=meeting.adjusted_at,
    )
    ChangeProposal.objects.filter(pk=proposal.pk).update(
        text=text_for("ChangeProposal.text", proposal.pk),
        note=text_for("ChangeProposal.note", proposal.pk),
    )

    # The fresh case in drafting: its texts through the services.
    fresh = Case.objects.get(title=FRESH_CASE_TITLE)
    case_update(
        case=fresh,
        user=handler,
        title=text_for("Case.title", fresh.pk, _max(Case, "title")),
        description=text_for("Case.description", fresh.pk),
    )
    for case in Case.objects.exclude(pk=fresh.pk):
        Case.objects.filter(pk=case.pk).update(
            title=text_for("Case.title", case.pk, _max(Case, "title")),
            description=text_for("Case.description", case.pk),
        )
    document = Document.objects.get(case=fresh)
    sections = list(document.sections.order_by("position", "pk"))
    document_save(
        document=document,
        user=handler,
        base_version=document.version,
        title=text_for("Document.title", document.pk, _max(Document, "title")),
        document_date=document.document_date,
        sections=[
            SectionInput(
                id=section.pk,
                title=text_for("Section.title", section.pk, _max(Section, "title")),
                text=(
                    f"{text_for('Section.text', section.pk)}\n\n"
                    f"Se fotnoten^[{text_for('Section.footnote', section.pk)}]"
                    f" och {JAVASCRIPT_LINK}."
                ),
            )
            for section in sections
        ],
    )
    signatory_add(
        document=document,
        user=handler,
        name=text_for("Signatory.name", document.pk, _max(Signatory, "name")),
        title=text_for("Signatory.title", document.pk, _max(Signatory, "title")),
    )
    recipient_add(
        case=fresh,
        user=handler,
        name=text_for("Recipient.name", fresh.pk, _max(Recipient, "name")),
        email="mottagare@example.se",
    )
    reference_add(
        case=fresh,
        user=handler,
        referenced_case=malbild,
        note=text_for("CaseReference.note", fresh.pk, _max(CaseReference, "note")),
    )
    journal_entry_register(
        case=fresh,
        direction=JournalEntry.Direction.INCOMING,
        subject=text_for(
            "JournalEntry.subject", fresh.pk, _max(JournalEntry, "subject")
        ),
        counterpart=text_for(
            "JournalEntry.counterpart", fresh.pk, _max(JournalEntry, "counterpart")
        ),
        document_date=document.document_date,
        received_date=document.document_date,
        registered_by=User.objects.get(username="registrator"),
    )
    document.refresh_from_db()
    # The approved Målbild document's PDF is stored: it is made again with the
    # payloads (the revision is its key).
    pdf_cache_forget(scope=f"document:{Document.objects.get(case=malbild).pk}")
    return {
        "fresh": fresh,
        "document": document,
        "malbild": malbild,
        "meeting": meeting,
        "vision": Vision.objects.get(start_year=2023),
    }


def pages(demo) -> list[tuple[str | None, str]]:
    """The pages that show the typed texts, each as (username or None, URL)."""
    fresh, malbild, meeting, vision = (
        demo["fresh"],
        demo["malbild"],
        demo["meeting"],
        demo["vision"],
    )
    huddinge = Organisation.objects.get(municipality_code="0126")
    notice = meeting.notice
    return [
        (None, reverse("home")),
        (None, reverse("diarium:list")),
        (None, reverse("anslagstavla:list")),
        (None, reverse("anslagstavla:detail", args=[notice.pk])),
        (None, reverse("targets:visions")),
        (None, reverse("targets:vision", args=[vision.pk])),
        (None, reverse("targets:follow_up", args=[vision.pk])),
        (None, reverse("targets:matrix", args=[vision.pk])),
        (None, reverse("targets:member", args=[vision.pk, huddinge.slug])),
        (None, reverse("members:list")),
        (None, reverse("members:detail", args=[huddinge.slug])),
        (None, reverse("members:chefsgrupp")),
        ("handlaggare", reverse("home")),
        ("handlaggare", reverse("cases:list")),
        ("handlaggare", reverse("cases:detail", args=[fresh.pk])),
        ("handlaggare", reverse("cases:detail", args=[malbild.pk])),
        ("handlaggare", reverse("cases:document", args=[fresh.pk])),
        ("handlaggare", reverse("cases:document-edit", args=[fresh.pk])),
        ("handlaggare", reverse("cases:document-versions", args=[fresh.pk])),
        (
            "handlaggare",
            reverse("cases:document-compare", args=[fresh.pk]) + "?from=1&to=2",
        ),
        ("handlaggare", reverse("cases:document", args=[malbild.pk])),
        ("handlaggare", reverse("cases:attachments", args=[malbild.pk])),
        ("handlaggare", reverse("cases:meetings")),
        ("handlaggare", reverse("cases:meeting", args=[meeting.pk])),
        ("sekreterare", reverse("cases:meeting", args=[meeting.pk])),
        ("sekreterare", reverse("cases:detail", args=[malbild.pk])),
        ("sekreterare", reverse("cases:edit", args=[fresh.pk])),
        ("samordnare", reverse("targets:vision_change", args=[vision.pk])),
        ("samordnare", reverse("targets:vision_parts", args=[vision.pk])),
        ("samordnare", reverse("members:costs") + "?year=2024&total=1000000"),
        ("admin", reverse("admin:cases_case_change", args=[fresh.pk])),
    ]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        self.texts.append(data)


def injected(html: str) -> list[str]:
    """What of a page came from a payload: an inline script, an event handler,
    the payloads' <img src=x>, a javascript: link."""
    page = _Page()
    page.feed(html)
    page.close()
    found = []
    for tag, attrs in page.elements:
        names = {name for name, _value in attrs}
        values = dict(attrs)
        if tag == "script" and "src" not in names:
            found.append("an inline <script>")
        if any(name.startswith("on") for name in names):
            found.append(f"<{tag}> with {sorted(names)}")
        if tag == "img" and values.get("src") == "x":
            found.append("<img src=x>")
        for name in ("href", "src", "action", "formaction"):
            if (values.get(name) or "").strip().lower().startswith("javascript:"):
                found.append(f"<{tag} {name}={values[name]!r}>")
    return found


def page_text(html: str) -> str:
    page = _Page()
    page.feed(html)
    page.close()
    return "".join(page.texts)


def shown_as_typed(text: str) -> set[str]:
    """The labels whose payload the text shows whole, as typed."""
    typed = re.escape(PAYLOAD) + "|" + re.escape(SHORT)
    return {
        match.group(1) for match in re.finditer(_LABEL.pattern + f"(?:{typed})", text)
    }


def labels(text: str) -> set[str]:
    return set(_LABEL.findall(text))


def all_labels() -> set[str]:
    return {
        f"{model.__name__}.{name}" for model, fields in TEXTS.items() for name in fields
    } | set(SERVICE_TEXTS)
