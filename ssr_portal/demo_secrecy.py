"""The demo's secret and partly secret cases (issue 10 §8): KS 2023/238, a secret
case whose number is all others learn of it, and KS 2023/239, a public
procurement case with a secret anbud in its journal and a secret attachment.
Part of the demo data set (ssr_portal/demo.py), idempotent as it is."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from cases.models import (
    Attachment,
    Case,
    CaseReference,
    Document,
    JournalEntry,
    Secrecy,
)
from cases.services import (
    SectionInput,
    case_register,
    document_save,
    document_start,
    document_touch,
    journal_entry_register,
)
from cases.services.attachments import (
    attachment_add_case_document,
    attachment_add_file,
)
from members.models import Board, User
from ssr_portal.lib.pdf import html_to_pdf


def attachment_pdf(number: int, title: str) -> bytes:
    """A made-up bilaga of the demo: one page with its number and title."""
    html = render_to_string(
        "pdf/demo_attachment.html", {"number": number, "title": title}
    )
    return html_to_pdf(html)


# Secrecy as the demo shows it (issue 10 §8). A secret case: its number is all
# that others learn of it (its title, text, documents and attachments are as
# secret as the matter). A partly secret case: a public case, seen by everyone,
# with a secret document in its journal (an anbud) and a secret attachment (the
# secret case's report, under a title that names nothing).
SECRET_CASE_TITLE = "Säkerhetsskyddsåtgärder för kommunens krisledningsplats"
SECRET_CASE_REFERENCE = "OSL 18 kap. 8 §"
SECRET_CASE_DATE = datetime.date(2023, 9, 25)
SECRET_DOCUMENT_TITLE = "Säkerhetsskyddsåtgärder för krisledningsplatsen i kommunhuset"
SECRET_ATTACHMENT_TITLE = "Säkerhetsskyddsanalys för krisledningsplatsen"
SECRET_SECTIONS = [
    (
        "Förslag till beslut",
        "1. Kommunstyrelsen beslutar att genomföra de säkerhetsskyddsåtgärder för "
        "krisledningsplatsen som beskrivs i säkerhetsskyddsanalysen.\n"
        "2. Åtgärderna finansieras inom kommunstyrelsens budget för krisberedskap.",
    ),
    (
        "Sammanfattning",
        "Säkerhetsskyddsanalysen visar att krisledningsplatsens reservkraft, "
        "tillträdesskydd och sambandsutrustning behöver förstärkas för att "
        "krisledningen ska kunna verka vid ett långvarigt elavbrott och under höjd "
        "beredskap.",
    ),
    (
        "Beskrivning av ärendet",
        "Krisledningsplatsen ligger i kommunhusets källarplan. Analysen har gjorts "
        "av kommunens säkerhetsskyddschef tillsammans med fastighetsavdelningen och "
        "omfattar skalskydd, passersystem, reservkraftens uthållighet och "
        "redundansen i kommunikationen med Länsstyrelsen Stockholm.",
    ),
    (
        "Förvaltningens synpunkter",
        "Förvaltningen föreslår att reservkraften byggs ut till 72 timmars drift, "
        "att passersystemet byts och att en reservväg för samband inrättas.",
    ),
    (
        "Ekonomiska och juridiska konsekvenser",
        "Uppgifterna i ärendet omfattas av sekretess enligt 18 kap. 8 § "
        "offentlighets- och sekretesslagen (2009:400): de rör säkerhets- och "
        "bevakningsåtgärder, och syftet med åtgärderna motverkas om de röjs.",
    ),
]

PROCUREMENT_CASE_TITLE = "Upphandling av reservkraft till kommunens krisledningsplats"
PROCUREMENT_CASE_DATE = datetime.date(2023, 9, 26)
PROCUREMENT_DOCUMENT_TITLE = "Tilldelning av kontrakt för reservkraft"
# The anbud: secret until the tilldelningsbeslut (OSL 19 kap. 3 §), the bidder's
# business conditions after it (OSL 31 kap. 16 §).
TENDER_SUBJECT = "Anbud från Norrby Kraft & Kyla AB (exempel) på reservkraftverk"
TENDER_REFERENCE = "OSL 19 kap. 3 § och 31 kap. 16 §"
PROCUREMENT_SECTIONS = [
    (
        "Förslag till beslut",
        "1. Kommunstyrelsen tilldelar kontraktet för reservkraft till "
        "krisledningsplatsen den leverantör som lämnat det ekonomiskt mest "
        "fördelaktiga anbudet.\n"
        "2. Kommundirektören får i uppdrag att teckna avtalet.",
    ),
    (
        "Sammanfattning",
        "Kommunen har upphandlat reservkraft till krisledningsplatsen genom ett "
        "förenklat förfarande enligt lagen (2016:1145) om offentlig upphandling. "
        "Två anbud kom in i tid.",
    ),
    (
        "Beskrivning av ärendet",
        "Förfrågningsunderlaget annonserades den 26 september 2023. Anbuden har "
        "prövats mot kraven i förfrågningsunderlaget och utvärderats efter pris och "
        "leveranstid. Kraven bygger på kommunstyrelsens säkerhetsskyddsanalys, som "
        "bifogas för den som har rätt att ta del av den.",
    ),
    (
        "Förvaltningens synpunkter",
        "Förvaltningen bedömer att det vinnande anbudet uppfyller samtliga krav.",
    ),
    (
        "Ekonomiska och juridiska konsekvenser",
        "Anbuden omfattas av sekretess enligt 19 kap. 3 § offentlighets- och "
        "sekretesslagen (2009:400) till dess att tilldelningsbeslutet har fattats, "
        "och uppgifter om anbudsgivarnas affärsförhållanden därefter enligt "
        "31 kap. 16 §.",
    ),
]


def _demo_case(*, title: str, date: datetime.date, **fields) -> Case:
    """A Huddinge KS case registered by the registrator (found by its title on a
    second load)."""
    ks = Board.objects.get(organisation__municipality_code="0126", prefix="KS")
    case = Case.objects.filter(board=ks, title=title).first()
    if case is not None:
        return case
    return case_register(
        board=ks,
        title=title,
        kind=Case.Kind.DECISION,
        handler=User.objects.get(username="handlaggare"),
        registered_by=User.objects.get(username="registrator"),
        registered_date=date,
        **fields,
    )


def _demo_document(
    case: Case, *, title: str, date: datetime.date, sections
) -> tuple[Document, bool]:
    """The case's tjänsteskrivelse, written once (True when written now)."""
    document = Document.objects.filter(case=case).first()
    if document is not None:
        return document, False
    document = document_start(case=case, user=case.handler, today=date)
    document = document_save(
        document=document,
        user=case.handler,
        base_version=document.version,
        title=title,
        document_date=date,
        sections=[SectionInput(title=t, text=x) for t, x in sections],
    )
    return document, True


def _demo_file(document: Document, title: str, name: str) -> Attachment:
    data = attachment_pdf(document.attachments.count() + 1, title)
    return attachment_add_file(
        document=document,
        user=document.case.handler,
        file=SimpleUploadedFile(name, data, "application/pdf"),
        title=title,
    )


def load_secret_cases() -> tuple[Case, Case]:
    """The secret case (KS 2023/238 on a fresh load) and the partly secret one
    (KS 2023/239), both in drafting with their tjänsteskrivelse."""
    registrar = User.objects.get(username="registrator")
    secret = _demo_case(
        title=SECRET_CASE_TITLE,
        date=SECRET_CASE_DATE,
        secrecy=Secrecy.SECRET,
        secrecy_reference=SECRET_CASE_REFERENCE,
        description=(
            "Förstärkt skalskydd, passersystem och reservkraft för kommunens "
            "krisledningsplats."
        ),
    )
    if not secret.entries.exists():
        journal_entry_register(
            case=secret,
            direction=JournalEntry.Direction.INTERNAL,
            subject=SECRET_ATTACHMENT_TITLE,
            document_date=SECRET_CASE_DATE,
            secrecy=Secrecy.SECRET,
            secrecy_reference=SECRET_CASE_REFERENCE,
            registered_by=registrar,
        )
    document, written = _demo_document(
        secret, title=SECRET_DOCUMENT_TITLE, date=SECRET_CASE_DATE,
        sections=SECRET_SECTIONS,
    )  # fmt: skip
    if written:
        _demo_file(document, SECRET_ATTACHMENT_TITLE, "sakerhetsskyddsanalys.pdf")

    public = _demo_case(
        title=PROCUREMENT_CASE_TITLE,
        date=PROCUREMENT_CASE_DATE,
        description=(
            "Upphandling av reservkraftverk enligt kraven i kommunens "
            "säkerhetsskyddsanalys."
        ),
    )
    if not public.entries.exists():
        journal_entry_register(
            case=public,
            direction=JournalEntry.Direction.OUTGOING,
            subject="Förfrågningsunderlag, upphandling av reservkraft",
            counterpart="Annonserat i upphandlingsverktyget",
            document_date=PROCUREMENT_CASE_DATE,
            registered_by=registrar,
        )
        journal_entry_register(
            case=public,
            direction=JournalEntry.Direction.INCOMING,
            subject=TENDER_SUBJECT,
            counterpart="Norrby Kraft & Kyla AB (exempel)",
            document_date=datetime.date(2023, 10, 16),
            received_date=datetime.date(2023, 10, 17),
            secrecy=Secrecy.SECRET,
            secrecy_reference=TENDER_REFERENCE,
            registered_by=registrar,
        )
    document, written = _demo_document(
        public, title=PROCUREMENT_DOCUMENT_TITLE, date=datetime.date(2023, 10, 30),
        sections=PROCUREMENT_SECTIONS,
    )  # fmt: skip
    if written:
        _demo_file(
            document, "Förfrågningsunderlag, reservkraft", "forfragningsunderlag.pdf"
        )
        # The secret report as a bilaga: its default title names nothing.
        attachment_add_case_document(
            document=document, user=public.handler, source_case=secret
        )
        CaseReference.objects.create(
            case=public,
            referenced_case=secret,
            note="Säkerhetsskyddsanalysen som kraven bygger på",
        )
        document_touch(document)
    return secret, public
