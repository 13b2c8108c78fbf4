"""The demo data set: SSR's members with real populations, Huddinge's Kommunstyrelsen,
one user per role and two board members, the cases of the seed document with the
Målbild case taken through the whole workflow (approved, decided, adjusted,
published, dispatched) by the services, a fresh case in drafting, a coming
meeting, the secret cases (ssr_portal/demo_secrecy.py) and a case through the
arbetsutskott, the styrelse and the fullmäktige (ssr_portal/demo_path.py). Idempotent: run it
twice and the data is the same (each step is skipped when done)."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cases.models import (
    AgendaItem,
    ApprovalEvent,
    Attachment,
    Case,
    CaseReference,
    Decision,
    Dispatch,
    Document,
    DocumentTemplate,
    Justering,
    JusteringConfirmation,
    Meeting,
    Notice,
    Recipient,
    Secrecy,
    Signatory,
)
from cases.services import (
    SectionInput,
    case_import,
    case_register,
    document_save,
    document_start,
    document_touch,
)
from cases.services.anslag import notice_publish
from cases.services.dispatch import decision_dispatch, dispatch_mark_done
from cases.services.documents import DEFAULT_SECTIONS
from cases.services.justering import justering_confirm, minutes_send_for_justering
from cases.services.meetings import agenda_add, decision_record, meeting_create
from cases.services.workflow import case_approve, case_submit
from members.models import (
    Board,
    ChefsgruppSeat,
    Diarium,
    MembershipEvent,
    Organisation,
    User,
)
from members.reference import NETWORK, OTHER_MEMBERS
from members.roles import Role
from members.services import population_import_csv, roles_ensure
from ssr_portal import demo_document as seed
from ssr_portal.demo_path import load_path_case
from ssr_portal.demo_secrecy import attachment_pdf, load_secret_cases
from targets.demo import load_vision

DEMO_PASSWORD = "ssr-demo"  # noqa: S105 - printed for the demo, refused outside debug

# The joint organisation started on 1 January 2015 through the överenskommelse;
# the avsiktsförklaring dates from April 2014 (shared/data/README.md).
AGREEMENT_DATE = datetime.date(2015, 1, 1)
DECLARATION_DATE = datetime.date(2014, 4, 1)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    title: str
    organisation: str
    role: str


DEMO_USERS = [
    DemoUser("handlaggare", "Helena", "Handläggare", "Säkerhetsstrateg",
             "Huddinge kommun", Role.OFFICIAL),
    DemoUser("kommundirektor", "Camilla", "Broo", "Kommundirektör",
             "Huddinge kommun", Role.DIRECTOR),
    DemoUser("bitr-kommundirektor", "Anna", "Tengelin Skoog", "Biträdande kommundirektör",
             "Huddinge kommun", Role.DIRECTOR),
    DemoUser("sekreterare", "Sara", "Sekreterare", "Nämndsekreterare",
             "Huddinge kommun", Role.SECRETARY),
    DemoUser("registrator", "Rasmus", "Registrator", "Registrator",
             "Huddinge kommun", Role.REGISTRAR),
    DemoUser("samordnare", "Sam", "Samordnare", "SSR-samordnare",
             "Samverkan Stockholmsregionen", Role.COORDINATOR),
    DemoUser("handlaggare-botkyrka", "Bo", "Botkyrkasson", "Beredskapssamordnare",
             "Botkyrka kommun", Role.OFFICIAL),
    DemoUser("kommundirektor-botkyrka", "Dag", "Direktör", "Kommundirektör",
             "Botkyrka kommun", Role.DIRECTOR),
    DemoUser("sekreterare-botkyrka", "Siv", "Sekreterare", "Nämndsekreterare",
             "Botkyrka kommun", Role.SECRETARY),
    # Board members of Huddinge's Kommunstyrelsen: no case-writing role, they chair
    # the meeting and confirm (justera) its minutes.
    DemoUser("ordforande", "Olle", "Ordförande", "Ordförande",
             "Huddinge kommun", ""),
    DemoUser("justerare", "Julia", "Justerare", "Ledamot",
             "Huddinge kommun", ""),
]  # fmt: skip


def _organisation(
    name: str, short_name: str, kind: str, org_number: str
) -> Organisation:
    organisation, _created = Organisation.objects.update_or_create(
        name=name,
        defaults={
            "short_name": short_name,
            "slug": slugify(short_name if kind == "kommun" else name),
            "kind": kind,
            "org_number": org_number,
        },
    )
    return organisation


def load_members(*, data_dir: Path) -> None:
    population_import_csv(path=data_dir / "population.csv")
    for row in [*OTHER_MEMBERS, NETWORK]:
        _organisation(*row)
    for organisation in Organisation.objects.members():
        MembershipEvent.objects.update_or_create(
            organisation=organisation,
            kind=MembershipEvent.Kind.AGREEMENT,
            defaults={
                "effective_date": AGREEMENT_DATE,
                "note": "SSR blir aktörernas gemensamma organisation genom överenskommelsen.",
            },
        )
    huddinge = Organisation.objects.get(municipality_code="0126")
    # Huddinge's own board decisions (the seed's Beskrivning av ärendet).
    MembershipEvent.objects.update_or_create(
        organisation=huddinge,
        kind=MembershipEvent.Kind.DECLARATION,
        defaults={
            "effective_date": datetime.date(2014, 3, 24),
            "note": "Avsiktsförklaringen antagen av kommunstyrelsen, KS 2014/195.",
        },
    )
    MembershipEvent.objects.filter(
        organisation=huddinge, kind=MembershipEvent.Kind.AGREEMENT
    ).update(
        note="Överenskommelsen antagen av kommunstyrelsen 17 juni 2015, KS 2015/560."
    )

    seats = [
        (ChefsgruppSeat.Area.CHAIR, "Länsstyrelsen Stockholm", "Länsöverdirektör", ""),
        (ChefsgruppSeat.Area.NORTH, None, "Kommundirektör", "Kommunerna i norr."),
        (ChefsgruppSeat.Area.MIDDLE, None, "Kommundirektör", "Kommunerna i mitten."),
        (
            ChefsgruppSeat.Area.SOUTH,
            "Nykvarns kommun",
            "Kommundirektör",
            "Sydkommunerna representeras av Nykvarns kommundirektör.",
        ),
        (ChefsgruppSeat.Area.STOCKHOLM, "Stockholms stad", "Stadsdirektör", ""),
    ]
    for area, organisation_name, title, note in seats:
        ChefsgruppSeat.objects.update_or_create(
            area=area,
            defaults={
                "organisation": Organisation.objects.filter(
                    name=organisation_name
                ).first(),
                "holder_title": title,
                "note": note,
            },
        )


def load_users() -> list[DemoUser]:
    roles_ensure()
    for demo in DEMO_USERS:
        user, _created = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "title": demo.title,
                "email": f"{demo.username}@example.se",
                "organisation": Organisation.objects.get(name=demo.organisation),
                "is_active": True,
            },
        )
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=demo.role)] if demo.role else [])
    admin, _created = User.objects.update_or_create(
        username="admin",
        defaults={
            "first_name": "IT",
            "last_name": "Förvaltning",
            "title": "Systemförvaltare",
            "email": "admin@example.se",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if not admin.check_password(DEMO_PASSWORD):
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    return DEMO_USERS


def load_cases() -> None:
    huddinge = Organisation.objects.get(municipality_code="0126")
    ks, _created = Board.objects.update_or_create(
        organisation=huddinge, prefix="KS", defaults={"name": "Kommunstyrelsen"}
    )
    handler = User.objects.get(username="handlaggare")
    case_import(
        board=ks,
        year=2014,
        serial=195,
        title="Avsiktsförklaring Samverkan Stockholmsregionen",
        registered_date=datetime.date(2014, 3, 24),
        kind=Case.Kind.DECISION,
        status=Case.Status.CLOSED,
        description="Avsiktsförklaringen antagen av kommunstyrelsen 24 mars 2014.",
    )
    case_import(
        board=ks,
        year=2015,
        serial=560,
        title="Överenskommelse Samverkan Stockholmsregionen",
        registered_date=datetime.date(2015, 6, 17),
        kind=Case.Kind.DECISION,
        status=Case.Status.CLOSED,
        description="Överenskommelsen antagen av kommunstyrelsen 17 juni 2015.",
    )
    # The Målbild case starts in drafting; once the demo has taken it through the
    # workflow (load_malbild_workflow) a second run leaves its status alone.
    malbild_exists = Case.objects.filter(board=ks, year=2023, serial=236).exists()
    case_import(
        board=ks,
        year=2023,
        serial=236,
        title="Målbild Samverkan Stockholmsregionen 2023-2026",
        registered_date=datetime.date(2023, 3, 20),
        kind=Case.Kind.INFORMATION,
        **({} if malbild_exists else {"status": Case.Status.DRAFTING}),
        handler=handler,
        description=(
            "Den gemensamma målbilden för SSR 2023–2026, antagen av regionala "
            "chefsgruppen 10 mars 2023, delges kommunstyrelsen som information."
        ),
    )
    # Another member's diarium, with its own number format and a secret case, so
    # that the demo shows what one organisation may not see of another's.
    botkyrka = Organisation.objects.get(municipality_code="0127")
    botkyrka_diarium, _created = Diarium.objects.update_or_create(
        organisation=botkyrka,
        name="Kommunstyrelsen",
        defaults={"prefix": "KS", "number_format": "{prefix}/{year}:{serial}"},
    )
    botkyrka_ks, _created = Board.objects.update_or_create(
        organisation=botkyrka,
        prefix="KS",
        defaults={"name": "Kommunstyrelsen", "diarium": botkyrka_diarium},
    )
    case_import(
        board=botkyrka_ks,
        year=2023,
        serial=412,
        title="Risk- och sårbarhetsanalys 2023 (exempel)",
        registered_date=datetime.date(2023, 9, 4),
        kind=Case.Kind.DECISION,
        status=Case.Status.DRAFTING,
        handler=User.objects.get(username="handlaggare-botkyrka"),
        secrecy=Secrecy.PARTLY_SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
    )


def load_document_template() -> DocumentTemplate:
    huddinge = Organisation.objects.get(municipality_code="0126")
    template, _created = DocumentTemplate.objects.update_or_create(
        organisation=huddinge,
        is_default=True,
        defaults={
            "name": "Tjänsteskrivelse",
            "department": "Kommunstyrelsens förvaltning",
            "footer_lines": "Huddinge kommun\n141 85 Huddinge\nTelefon 08-535 300 00\nhuddinge.se",
        },
    )
    if not template.section_templates.exists():
        for position, (title, text) in enumerate(DEFAULT_SECTIONS):
            template.section_templates.create(position=position, title=title, text=text)
    return template


def load_document() -> Document:
    """The Målbild case's tjänsteskrivelse: the seed document, section by section."""
    case = Case.objects.get(
        board__organisation__municipality_code="0126", number="KS 2023/236"
    )
    load_document_template()
    document = Document.objects.filter(case=case).first()
    if document is not None:
        return document
    # Written by its handläggare, as the seed says.
    document = document_start(
        case=case, user=case.handler, today=datetime.date(2023, 3, 20)
    )
    document = document_save(
        document=document,
        user=case.handler,
        base_version=document.version,
        title=seed.TITLE,
        document_date=datetime.date(2023, 3, 20),
        sections=[SectionInput(title=t, text=x) for t, x in seed.SECTIONS],
    )
    directors = {
        u.get_full_name(): u
        for u in User.objects.filter(
            username__in=["kommundirektor", "bitr-kommundirektor"]
        )
    }
    for position, (name, title) in enumerate(seed.SIGNATORIES):
        Signatory.objects.create(
            document=document,
            position=position,
            name=name,
            title=title,
            user=directors.get(name),
        )
    for position, title in enumerate(seed.ATTACHMENTS):
        attachment = Attachment(
            document=document,
            position=position,
            title=title,
            original_name=f"bilaga-{position + 1}.pdf",
            content_type="application/pdf",
        )
        data = attachment_pdf(position + 1, title)
        attachment.size = len(data)
        attachment.file.save(
            f"bilaga-{position + 1}.pdf", ContentFile(data), save=False
        )
        attachment.save()
    members = {o.name: o for o in Organisation.objects.filter(name__in=seed.RECIPIENTS)}
    for position, name in enumerate(seed.RECIPIENTS):
        Recipient.objects.create(
            case=case, position=position, name=name, organisation=members.get(name)
        )
    for number, note in (
        ("KS 2014/195", "Avsiktsförklaringen, antagen av kommunstyrelsen 24 mars 2014"),
        ("KS 2015/560", "Överenskommelsen, antagen av kommunstyrelsen 17 juni 2015"),
    ):
        CaseReference.objects.create(
            case=case,
            referenced_case=Case.objects.get(board=case.board, number=number),
            note=note,
        )
    document_touch(document)
    return document


# The meeting of Kommunstyrelsen that took note of the Målbild. Example data: the
# real meeting date is not in our sources, only that the case was registered on
# 20 March 2023; 17 April 2023 is a plausible date after it.
MALBILD_MEETING_DATE = datetime.date(2023, 4, 17)
MALBILD_MEETING_TIME = datetime.time(18, 0)
MEETING_PLACE = "Huddinge kommunhus"
MALBILD_DECISION = (
    "Kommunstyrelsen noterar till protokollet att man tagit del av information om "
    "Målbild Samverkan Stockholmsregionens 2023-2026."
)
MALBILD_APPROVAL_DATE = datetime.date(2023, 3, 20)
MALBILD_ADJUSTED_DATE = datetime.date(2023, 4, 19)
MALBILD_NOTICE_DATE = datetime.date(2023, 4, 20)
DISPATCH_NOTE = "Skickat med e-post från registratorn (exempel)"
FRESH_CASE_TITLE = "Exempelärende: Yttrande över regional krisberedskapsplan"
FRESH_CASE_DATE = datetime.date(2023, 9, 18)
FRESH_CASE_PROPOSAL = (
    "Kommunstyrelsen beslutar att anta förvaltningens yttrande över förslaget till "
    "regional krisberedskapsplan."
)


def _malbild() -> Case:
    return Case.objects.get(
        board__organisation__municipality_code="0126", number="KS 2023/236"
    )


def load_malbild_workflow() -> Case:
    """Take the Målbild case through the workflow with the services, each step
    skipped when done: submitted, approved, on Kommunstyrelsen's agenda, noted in
    the minutes, adjusted, the notice published, dispatched to its recipients."""
    case = _malbild()
    ks = case.board
    handler = User.objects.get(username="handlaggare")
    director = User.objects.get(username="kommundirektor")
    secretary = User.objects.get(username="sekreterare")
    chair = User.objects.get(username="ordforande")
    adjuster = User.objects.get(username="justerare")
    if case.status == Case.Status.DRAFTING:
        case_submit(case=case, user=handler)
        case.refresh_from_db()
    if case.status == Case.Status.SUBMITTED:
        case_approve(case=case, user=director)
        case.refresh_from_db()
    meeting = Meeting.objects.filter(
        board=ks, meeting_date=MALBILD_MEETING_DATE
    ).first()
    if meeting is None:
        meeting = meeting_create(
            board=ks,
            user=secretary,
            meeting_date=MALBILD_MEETING_DATE,
            start_time=MALBILD_MEETING_TIME,
            place=MEETING_PLACE,
            chair=chair,
            secretary=secretary,
            adjusters=[adjuster],
            members_present=[chair, adjuster],
        )
    item = AgendaItem.objects.filter(meeting=meeting, case=case).first()
    if item is None:
        item = agenda_add(meeting=meeting, case=case, user=secretary)
        case.refresh_from_db()
    if not Decision.objects.filter(item=item).exists():
        decision_record(
            item=item, user=secretary, kind=Decision.Kind.NOTE, text=MALBILD_DECISION
        )
    if not Justering.objects.filter(meeting=meeting).exists():
        minutes_send_for_justering(meeting=meeting, user=secretary)
    for signer in (chair, adjuster):
        meeting.refresh_from_db()
        if meeting.is_adjusted:
            break
        if not JusteringConfirmation.objects.filter(
            meeting=meeting, user=signer, cleared_at__isnull=True
        ).exists():
            justering_confirm(meeting=meeting, user=signer)
    meeting.refresh_from_db()
    # Justering publishes the notice after the commit; published here already so
    # that the demo is complete inside its transaction (idempotent). The services
    # stamp each step with today; the chain is dated in 2023 first (example
    # dates around the meeting), so the notice, the appeal period and the PDFs
    # read as they did then.
    if not Notice.objects.filter(meeting=meeting).exists():
        _date_the_chain(case, meeting)
    notice_publish(meeting, user=User.objects.system(), published=MALBILD_NOTICE_DATE)
    case.refresh_from_db()
    if case.status == Case.Status.ADJUSTED and not case.dispatches.exists():
        decision_dispatch(case=case, user=secretary)
    for row in Dispatch.objects.filter(case=case):
        if row.can_be_marked_done:
            dispatch_mark_done(dispatch=row, user=secretary, note=DISPATCH_NOTE)
    Dispatch.objects.filter(case=case, sent_at__date__gt=MALBILD_NOTICE_DATE).update(
        sent_at=_at(MALBILD_NOTICE_DATE, 10)
    )
    case.refresh_from_db()
    return case


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _date_the_chain(case: Case, meeting: Meeting) -> None:
    """Give the steps of the Målbild case the example dates of 2023: submitted and
    approved on the document's date, decided at the meeting, sent for justering
    the day after and adjusted two days after it (the notice follows the next
    day, within kommunallagen's two days)."""
    ApprovalEvent.objects.filter(case=case, kind=ApprovalEvent.Kind.SUBMITTED).update(
        created_at=_at(MALBILD_APPROVAL_DATE, 9)
    )
    ApprovalEvent.objects.filter(case=case, kind=ApprovalEvent.Kind.APPROVED).update(
        created_at=_at(MALBILD_APPROVAL_DATE, 15)
    )
    Decision.objects.filter(item__meeting=meeting).update(
        created_at=_at(MALBILD_MEETING_DATE, 19)
    )
    Justering.objects.filter(meeting=meeting).update(
        sent_at=_at(MALBILD_MEETING_DATE + datetime.timedelta(days=1), 9)
    )
    JusteringConfirmation.objects.filter(meeting=meeting).update(
        confirmed_at=_at(MALBILD_ADJUSTED_DATE, 11)
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        adjusted_at=_at(MALBILD_ADJUSTED_DATE, 11)
    )
    meeting.refresh_from_db()


def load_fresh_case() -> Case:
    """A case in drafting with a started document, for trying the editor."""
    huddinge = Organisation.objects.get(municipality_code="0126")
    ks = Board.objects.get(organisation=huddinge, prefix="KS")
    case = Case.objects.filter(board=ks, title=FRESH_CASE_TITLE).first()
    if case is None:
        case = case_register(
            board=ks,
            title=FRESH_CASE_TITLE,
            kind=Case.Kind.DECISION,
            handler=User.objects.get(username="handlaggare"),
            registered_by=User.objects.get(username="registrator"),
            registered_date=FRESH_CASE_DATE,
            description=(
                "Exempel: kommunstyrelsen yttrar sig över ett förslag till regional "
                "krisberedskapsplan."
            ),
        )
    document = document_start(case=case, user=case.handler, today=FRESH_CASE_DATE)
    sections = list(document.sections.order_by("position"))
    if sections and not any(section.text.strip() for section in sections):
        # A draft begun: the proposal written, the rest still to write.
        document_save(
            document=document,
            user=case.handler,
            base_version=document.version,
            title=document.title,
            document_date=document.document_date,
            sections=[
                SectionInput(
                    id=section.pk,
                    title=section.title,
                    text=FRESH_CASE_PROPOSAL if position == 0 else section.text,
                )
                for position, section in enumerate(sections)
            ],
        )
    return case


def load_coming_meeting() -> Meeting:
    """A coming meeting of Kommunstyrelsen, 30 days from the first load: always in
    the future when loaded, and not moved by a later load while it is coming."""
    huddinge = Organisation.objects.get(municipality_code="0126")
    ks = Board.objects.get(organisation=huddinge, prefix="KS")
    today = timezone.localdate()
    meeting = (
        Meeting.objects.filter(board=ks, meeting_date__gte=today)
        .order_by("meeting_date")
        .first()
    )
    if meeting is not None:
        return meeting
    return meeting_create(
        board=ks,
        user=User.objects.get(username="sekreterare"),
        meeting_date=today + datetime.timedelta(days=30),
        start_time=MALBILD_MEETING_TIME,
        place=MEETING_PLACE,
        chair=User.objects.get(username="ordforande"),
        secretary=User.objects.get(username="sekreterare"),
        adjusters=[User.objects.get(username="justerare")],
    )


def load_botkyrka() -> Meeting:
    """Botkyrka kommun's Kommunstyrelsen with a coming meeting: a second member in
    the portal, to take the målbild from the vision to the board's decision."""
    botkyrka = Organisation.objects.get(municipality_code="0127")
    ks, _created = Board.objects.update_or_create(
        organisation=botkyrka, prefix="KS", defaults={"name": "Kommunstyrelsen"}
    )
    today = timezone.localdate()
    meeting = (
        Meeting.objects.filter(board=ks, meeting_date__gte=today)
        .order_by("meeting_date")
        .first()
    )
    if meeting is not None:
        return meeting
    secretary = User.objects.get(username="sekreterare-botkyrka")
    return meeting_create(
        board=ks,
        user=secretary,
        meeting_date=today + datetime.timedelta(days=21),
        start_time=MALBILD_MEETING_TIME,
        place="Botkyrka kommunhus",
        secretary=secretary,
    )


def load_demo() -> list[DemoUser]:
    with transaction.atomic():
        load_members(data_dir=settings.SSR_SHARED_DATA_DIR)
        users = load_users()
        load_cases()
        load_document()
        load_malbild_workflow()
        load_fresh_case()
        load_secret_cases()
        load_coming_meeting()
        load_botkyrka()
        load_vision(attachment_pdf=attachment_pdf)
        load_path_case()
    return users
