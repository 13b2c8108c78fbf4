"""The demo's beredningsgång (issue 12 §8): Huddinge's Kommunstyrelsens
arbetsutskott (KSAU) and Kommunfullmäktige (KF) beside Kommunstyrelsen, and one
case, KS 2024/87, that goes arbetsutskott → styrelse → fullmäktige with a
decision and adjusted minutes, so a protokollsutdrag, at each step. Idempotent:
each step is skipped when done."""

import datetime

from cases.models import AgendaItem, Case, Consultation, Decision, Justering, Meeting
from cases.models.consultations import current_step
from cases.services import (
    SectionInput,
    case_import,
    document_save,
    document_start,
)
from cases.services.consultations import consultation_add
from cases.services.justering import justering_confirm, minutes_send_for_justering
from cases.services.meetings import (
    agenda_add,
    decision_default_text,
    decision_record,
    meeting_create,
)
from cases.services.workflow import case_approve, case_submit
from members.models import Board, Organisation, User
from members.services import board_diarium

PATH_CASE_TITLE = "Styrdokument för krisberedskap och civilt försvar 2024–2027"
PATH_CASE_YEAR = 2024
PATH_CASE_SERIAL = 87
PATH_PROPOSAL = (
    "Kommunfullmäktige antar styrdokumentet för krisberedskap och civilt försvar "
    "2024–2027."
)
PATH_SECTIONS = [
    ("Förslag till beslut", PATH_PROPOSAL),
    (
        "Sammanfattning",
        "Enligt lagen (2006:544) om kommuners och regioners åtgärder inför och vid "
        "extraordinära händelser i fredstid och höjd beredskap ska kommunen för "
        "varje mandatperiod fastställa ett styrdokument för sitt arbete med "
        "krisberedskap. Kommunstyrelsen bereder ärendet och kommunfullmäktige "
        "beslutar.",
    ),
    (
        "Beskrivning av ärendet",
        "Styrdokumentet bygger på kommunens risk- och sårbarhetsanalys och på den "
        "gemensamma målbilden för Samverkan Stockholmsregionen 2023–2026.",
    ),
]
# The path: the arbetsutskott and the styrelse prepare and propose, the
# fullmäktige decides; the day each meets.
PATH_STEPS = [
    ("KSAU", Consultation.Role.PREPARATION, datetime.date(2024, 2, 20)),
    ("KS", Consultation.Role.PREPARATION, datetime.date(2024, 3, 4)),
    ("KF", Consultation.Role.DECISION, datetime.date(2024, 3, 18)),
]
PLACES = {
    "KSAU": "Sammanträdesrum Hörningsnäs",
    "KS": "Kommunstyrelsesalen",
    "KF": "Kommunfullmäktigesalen",
}


def load_boards() -> dict[str, Board]:
    """Huddinge's arbetsutskott and fullmäktige beside Kommunstyrelsen, all three
    taking their cases from Kommunstyrelsens förvaltning's one diarium (KS)."""
    huddinge = Organisation.objects.get(municipality_code="0126")
    boards = {"KS": Board.objects.get(organisation=huddinge, prefix="KS")}
    diarium = board_diarium(board=boards["KS"])
    for prefix, name in (
        ("KSAU", "Kommunstyrelsens arbetsutskott"),
        ("KF", "Kommunfullmäktige"),
    ):
        boards[prefix], _created = Board.objects.update_or_create(
            organisation=huddinge,
            prefix=prefix,
            defaults={"name": name, "diarium": diarium},
        )
    return boards


def _path_case(ks: Board) -> Case:
    exists = Case.objects.filter(
        board=ks, year=PATH_CASE_YEAR, serial=PATH_CASE_SERIAL
    ).exists()
    case_import(
        board=ks,
        year=PATH_CASE_YEAR,
        serial=PATH_CASE_SERIAL,
        title=PATH_CASE_TITLE,
        registered_date=datetime.date(2024, 1, 15),
        kind=Case.Kind.DECISION,
        **({} if exists else {"status": Case.Status.DRAFTING}),
        handler=User.objects.get(username="handlaggare"),
        description=(
            "Styrdokument för kommunens krisberedskap och civila försvar under "
            "mandatperioden, berett av kommunstyrelsen och beslutat av "
            "kommunfullmäktige."
        ),
    )
    return Case.objects.get(board=ks, year=PATH_CASE_YEAR, serial=PATH_CASE_SERIAL)


def _approved(case: Case) -> Case:
    handler = User.objects.get(username="handlaggare")
    if case.status == Case.Status.DRAFTING:
        document = document_start(
            case=case, user=handler, today=datetime.date(2024, 2, 1)
        )
        if document.version <= 1:
            document_save(
                document=document,
                user=handler,
                base_version=document.version,
                title=PATH_CASE_TITLE,
                document_date=datetime.date(2024, 2, 1),
                sections=[SectionInput(title=t, text=x) for t, x in PATH_SECTIONS],
            )
        case_submit(case=case, user=handler)
        case.refresh_from_db()
    if case.status == Case.Status.SUBMITTED:
        case_approve(case=case, user=User.objects.get(username="kommundirektor"))
        case.refresh_from_db()
    return case


def _meeting(board: Board, day: datetime.date) -> Meeting:
    meeting = Meeting.objects.filter(board=board, meeting_date=day).first()
    if meeting is not None:
        return meeting
    secretary = User.objects.get(username="sekreterare")
    chair = User.objects.get(username="ordforande")
    adjuster = User.objects.get(username="justerare")
    return meeting_create(
        board=board,
        user=secretary,
        meeting_date=day,
        start_time=datetime.time(13, 0),
        place=PLACES[board.prefix],
        chair=chair,
        secretary=secretary,
        adjusters=[adjuster],
        members_present=[chair, adjuster],
    )


def _adjusted(meeting: Meeting) -> None:
    secretary = User.objects.get(username="sekreterare")
    if not Justering.objects.filter(meeting=meeting).exists():
        minutes_send_for_justering(meeting=meeting, user=secretary)
    for username in ("ordforande", "justerare"):
        meeting.refresh_from_db()
        if meeting.is_adjusted:
            return
        signer = User.objects.get(username=username)
        if not meeting.confirmations.filter(
            user=signer, cleared_at__isnull=True
        ).exists():
            justering_confirm(meeting=meeting, user=signer)


def load_path_case() -> Case:
    """KS 2024/87 through the three bodies, each step's decision recorded from its
    default wording (the arbetsutskott's proposal becomes the styrelse's förslag,
    the styrelse's the fullmäktige's) and its minutes adjusted."""
    boards = load_boards()
    case = _approved(_path_case(boards["KS"]))
    if not case.consultations.exists():
        handler = User.objects.get(username="handlaggare")
        for prefix, role, _day in PATH_STEPS:
            consultation_add(case=case, board=boards[prefix], role=role, user=handler)
    secretary = User.objects.get(username="sekreterare")
    for prefix, role, day in PATH_STEPS:
        meeting = _meeting(boards[prefix], day)
        item = AgendaItem.objects.filter(meeting=meeting, case=case).first()
        if item is None:
            step = current_step(case)
            if step is None or step.board_id != meeting.board_id:
                continue
            case.refresh_from_db()
            item = agenda_add(meeting=meeting, case=case, user=secretary)
        if not Decision.objects.filter(item=item).exists():
            if role == Consultation.Role.PREPARATION:
                kind = Decision.Kind.PROPOSE
                to = boards[
                    PATH_STEPS[[p for p, _r, _d in PATH_STEPS].index(prefix) + 1][0]
                ]
            else:
                kind, to = Decision.Kind.APPROVE, None
            decision_record(
                item=item,
                user=secretary,
                kind=kind,
                text=decision_default_text(item, kind, to),
                proposed_to=to,
            )
        _adjusted(meeting)
        case.refresh_from_db()
    return case
