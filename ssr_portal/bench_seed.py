"""A realistic county in bulk, for `make bench` (tests/bench/load.py): the demo
(the members, their users and roles, the Målbild case and its vision), then 12
boards of several members and `cases` cases over 2018–2026 with journal entries,
tjänsteskrivelser with their sections, meetings with agenda items and decisions,
and a history row per case, document, meeting, item and decision. About one
case in ten is secret or partly secret.

The rows are written with PostgreSQL's COPY (psycopg 3), in chunks, from the
models' own columns, so that a column added to a model is filled with its
default; a million cases take minutes. The diarium and paragraph series are set
to the serials given out, and the tables are analysed at the end. When a
`search_index_rebuild` command exists, it is run last.

The composition root may import every app (docs/architecture.md)."""

import datetime
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql

from cases.models import (
    AgendaItem,
    Case,
    Decision,
    DiariumSeries,
    Document,
    DocumentTemplate,
    JournalEntry,
    Meeting,
    ParagraphSeries,
    Secrecy,
    Section,
)
from cases.services.documents import DEFAULT_SECTIONS
from members.models import Board, Organisation, User
from members.roles import Role
from members.services import board_diarium
from ssr_portal.lib.markup import render

BENCH_USERNAME = "bench"
DEFAULT_CASES = 10_000
YEARS = range(2018, 2027)
CHUNK_CASES = 20_000
# One in ten cases is secret or partly secret, with the OSL paragraph that applies.
SECRET_SHARE = 0.10
OSL_REFERENCES = ("OSL 18 kap. 13 §", "OSL 21 kap. 1 §", "OSL 26 kap. 1 §")
# The share of the cases past registration that have a tjänsteskrivelse.
DOCUMENT_SHARE = 0.35
MEETING_MONTHS = (2, 3, 4, 5, 6, 8, 9, 10, 11, 12)

# The twelve boards: the demo's two Kommunstyrelser and ten more, by member
# (municipality code or organisation name), prefix, name and weight (how many
# cases it has against the others).
BOARDS = [
    ("0126", "KS", "Kommunstyrelsen", 4),
    ("0126", "KF", "Kommunfullmäktige", 1),
    ("0126", "BUN", "Barn- och utbildningsnämnden", 2),
    ("0126", "SBN", "Samhällsbyggnadsnämnden", 2),
    ("0126", "SN", "Socialnämnden", 2),
    ("0127", "KS", "Kommunstyrelsen", 3),
    ("0127", "KF", "Kommunfullmäktige", 1),
    ("0180", "KS", "Kommunstyrelsen", 3),
    ("0182", "KS", "Kommunstyrelsen", 2),
    ("0181", "KS", "Kommunstyrelsen", 2),
    ("Region Stockholm", "RS", "Regionstyrelsen", 2),
    ("Länsstyrelsen Stockholm", "LST", "Länsstyrelsens ledning", 1),
]

# Words to vary titles and texts: searches for "beredskap", "krisberedskap",
# "skola" or "trafik" find some cases, not all.
SUBJECTS = [
    "krisberedskap",
    "civil beredskap",
    "höjd beredskap",
    "livsmedelsberedskap",
    "krisberedskapsplan för kommunen",
    "trafiksäkerhet",
    "trafikplan för centrum",
    "kollektivtrafik i södra länet",
    "skolskjuts",
    "skolans lokaler",
    "skola och förskola i Flemingsberg",
    "vattenförsörjning",
    "elförsörjning vid störning",
    "informationssäkerhet",
    "risk- och sårbarhetsanalys",
    "brottsförebyggande arbete",
    "trygghetsvandringar",
    "cykelvägar",
    "äldreomsorg",
    "krisledningsorganisation",
    "räddningstjänst",
    "översvämningsrisker",
    "värmebölja",
    "pandemiplanering",
    "bibliotek",
    "idrottshall",
    "detaljplan för Stuvsta",
    "gatubelysning",
    "snöröjning",
    "avfallshantering",
    "folkhälsa",
    "bostadsförsörjning",
]
TITLE_PATTERNS = [
    "Yttrande över {s}",
    "Revidering av riktlinjer för {s}",
    "Motion om {s}",
    "Medborgarförslag om {s}",
    "Uppföljning av {s} {y}",
    "Handlingsplan för {s} {y}",
    "Ansökan om statsbidrag för {s}",
    "Avtal om {s}",
    "Information om {s}",
    "Remiss: {s}",
]
PLACES = [
    "Huddinge",
    "Botkyrka",
    "Flemingsberg",
    "Tumba",
    "Skogås",
    "Länet",
    "Regionen",
]
SENTENCES = [
    "Ärendet gäller {s} i {p}.",
    "Förvaltningen har utrett frågan om {s} tillsammans med berörda aktörer.",
    "Underlaget bygger på den regionala samverkan om {s} inom SSR.",
    "Kostnaderna ryms inom befintlig budget för {y}.",
    "Frågan har beretts i samråd med skola, socialtjänst och räddningstjänst.",
    "Förslaget stärker kommunens förmåga i vardag, kris och höjd beredskap.",
    "Trafikverket och Region Stockholm har lämnat synpunkter på {s}.",
    "En risk- och sårbarhetsanalys ligger till grund för bedömningen.",
    "Medborgare i {p} har framfört önskemål om {s}.",
    "Beslutet följs upp i årsredovisningen för {y}.",
    "Länsstyrelsen har begärt kommunens yttrande senast i december {y}.",
    "Ärendet har ingen påverkan på barn och unga utöver det som beskrivs.",
]
PROPOSALS = [
    "Kommunstyrelsen beslutar att anta förvaltningens förslag om {s}.",
    "Nämnden beslutar att godkänna handlingsplanen för {s}.",
    "Kommunstyrelsen noterar informationen om {s} till protokollet.",
    "Kommunfullmäktige beslutar att avslå motionen om {s}.",
]
COUNTERPARTS = [
    "Länsstyrelsen Stockholm",
    "Region Stockholm",
    "Trafikverket",
    "MSB",
    "Polismyndigheten",
    "Södertörns brandförsvarsförbund",
    "En medborgare",
]
ENTRY_SUBJECTS = [
    "Remiss",
    "Inkommen skrivelse",
    "Tjänsteskrivelse",
    "Protokollsutdrag",
    "Missiv",
    "Yttrande",
    "Beslut",
]
DECISION_KINDS = [
    Decision.Kind.APPROVE,
    Decision.Kind.APPROVE,
    Decision.Kind.APPROVE,
    Decision.Kind.NOTE,
    Decision.Kind.FILE,
    Decision.Kind.REJECT,
]
S = Case.Status
# The statuses, by how far back the year is: the older, the more are closed.
STATUS_WEIGHTS_OLD = {
    S.CLOSED: 70,
    S.DISPATCHED: 8,
    S.ADJUSTED: 6,
    S.DRAFTING: 6,
    S.REGISTERED: 10,
}
STATUS_WEIGHTS_LAST = {
    S.CLOSED: 35,
    S.DISPATCHED: 10,
    S.ADJUSTED: 10,
    S.DECIDED: 5,
    S.APPROVED: 5,
    S.DRAFTING: 15,
    S.REGISTERED: 20,
}
STATUS_WEIGHTS_NOW = {
    S.CLOSED: 8,
    S.DISPATCHED: 5,
    S.ADJUSTED: 8,
    S.DECIDED: 8,
    S.ON_AGENDA: 10,
    S.APPROVED: 8,
    S.SUBMITTED: 8,
    S.DRAFTING: 20,
    S.REGISTERED: 25,
}
ON_A_MEETING = {S.ON_AGENDA, S.DECIDED, S.ADJUSTED, S.DISPATCHED, S.CLOSED}
DECIDED = {S.DECIDED, S.ADJUSTED, S.DISPATCHED, S.CLOSED}
KINDS = [
    Case.Kind.DECISION,
    Case.Kind.DECISION,
    Case.Kind.DECISION,
    Case.Kind.INFORMATION,
    Case.Kind.REFERRAL,
    Case.Kind.MOTION,
    Case.Kind.CITIZEN_PROPOSAL,
    Case.Kind.OTHER,
]


class Refused(CommandError):
    """bench_seed will not run here (SQLite, or a database with other data)."""


_REQUIRED = object()


class _Table:
    """One model's table written with COPY: every concrete column, filled from the
    row's values or the field's default (a generated column is left out)."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.name = model._meta.db_table
        fields = [
            f for f in model._meta.concrete_fields if not getattr(f, "generated", False)
        ]
        self.columns = [f.column for f in fields]
        self.slots: list[tuple[str, object]] = []
        for f in fields:
            if f.has_default():
                default = f.get_prep_value(f.get_default())
                if isinstance(f, models.JSONField):
                    default = f.get_db_prep_value(default, connection)
            elif f.null:
                default = None
            elif f.empty_strings_allowed and f.blank:
                default = ""
            else:
                default = _REQUIRED
            self.slots.append((f.attname, default))
        self.rows: list[tuple] = []
        self.written = 0
        self.checked = False
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(
                    sql.Identifier(self.name)
                )
            )
            self.first_id = cursor.fetchone()[0] + 1
        self.next_id = self.first_id

    def add(self, values: dict) -> int:
        """Queue a row; gives its id."""
        pk = values.setdefault("id", self.next_id)
        self.next_id = max(self.next_id, pk + 1)
        if not self.checked:
            missing = [a for a, d in self.slots if d is _REQUIRED and a not in values]
            if missing:
                raise ValueError(f"{self.name}: no value for {missing}")
            self.checked = True
        self.rows.append(tuple(values.get(a, d) for a, d in self.slots))
        return pk

    def flush(self, cursor) -> None:
        if not self.rows:
            return
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.name),
            sql.SQL(", ").join(sql.Identifier(c) for c in self.columns),
        )
        with cursor.copy(statement) as copy:
            for row in self.rows:
                copy.write_row(row)
        self.written += len(self.rows)
        self.rows = []

    def sync_sequence(self, cursor) -> None:
        cursor.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "(SELECT COALESCE(MAX(id), 1) FROM {}))"
            ).format(sql.Identifier(self.name)),
            [self.name],
        )

    def copy_history(self, cursor) -> int:
        """One "+" row per new row in the model's history table (simple_history),
        copied inside the database."""
        history = getattr(self.model, "history", None)
        if history is None or self.written == 0:
            return 0
        own = set(self.columns)
        target, source = [], []
        for f in history.model._meta.concrete_fields:
            if f.column == "history_id":
                continue
            target.append(sql.Identifier(f.column))
            if f.column in own:
                source.append(sql.Identifier(f.column))
            elif f.column == "history_date":
                source.append(
                    sql.Identifier("created_at")
                    if "created_at" in own
                    else sql.SQL("now()")
                )
            elif f.column == "history_type":
                source.append(sql.Literal("+"))
            else:
                source.append(sql.NULL)
        cursor.execute(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} WHERE id >= %s").format(
                sql.Identifier(history.model._meta.db_table),
                sql.SQL(", ").join(target),
                sql.SQL(", ").join(source),
                sql.Identifier(self.name),
            ),
            [self.first_id],
        )
        return cursor.rowcount


@dataclass
class SeedReport:
    cases: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def refuse_unless_allowed(*, force: bool) -> None:
    if connection.vendor != "postgresql":
        raise Refused(
            "bench_seed writes with PostgreSQL's COPY and runs only on PostgreSQL; "
            f"this database is {connection.vendor}. Set DATABASE_URL to a PostgreSQL "
            "database of its own (make bench makes ssr_portal_bench)."
        )
    if force:
        return
    count = Case.objects.count()
    if count:
        raise Refused(
            f"This database already has {count} cases: bench_seed fills an empty "
            "database (make bench makes its own, ssr_portal_bench). Give --force to "
            "add the generated county to it anyway."
        )


def _member(key: str) -> Organisation:
    if key.isdigit():
        return Organisation.objects.get(municipality_code=key)
    return Organisation.objects.get(name=key)


def _boards() -> list[tuple[Board, int]]:
    boards = []
    for key, prefix, name, weight in BOARDS:
        board, _created = Board.objects.get_or_create(
            organisation=_member(key), prefix=prefix, defaults={"name": name}
        )
        board_diarium(board=board)
        board.refresh_from_db()
        boards.append((board, weight))
    return boards


def _bench_user(password: str) -> User:
    huddinge = Organisation.objects.get(municipality_code="0126")
    user, _created = User.objects.update_or_create(
        username=BENCH_USERNAME,
        defaults={
            "first_name": "Bench",
            "last_name": "Mätning",
            "title": "Handläggare",
            "email": "bench@example.se",
            "organisation": huddinge,
            "is_active": True,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    user.groups.set([Group.objects.get(name=Role.OFFICIAL)])
    return user


def _handlers(boards: list[tuple[Board, int]], per_organisation: int = 6) -> dict:
    """A few handläggare per organisation with boards (no login of their own)."""
    handlers: dict[int, list[int]] = {}
    for organisation_id in {board.organisation_id for board, _w in boards}:
        names = [
            f"bench-handler-{organisation_id}-{i}" for i in range(per_organisation)
        ]
        existing = set(
            User.objects.filter(username__in=names).values_list("username", flat=True)
        )
        User.objects.bulk_create(
            [
                User(
                    username=name,
                    first_name="Handläggare",
                    last_name=str(i + 1),
                    title="Handläggare",
                    organisation_id=organisation_id,
                    password="!",  # noqa: S106 - unusable: never logs in
                )
                for i, name in enumerate(names)
                if name not in existing
            ]
        )
        handlers[organisation_id] = list(
            User.objects.filter(username__in=names).values_list("pk", flat=True)
        )
    return handlers


def _texts(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """`count` section texts with their HTML, rendered once each."""
    texts = []
    for _i in range(count):
        subject, place, year = (
            rng.choice(SUBJECTS),
            rng.choice(PLACES),
            rng.choice(YEARS),
        )
        sentences = rng.sample(SENTENCES, 3)
        text = " ".join(s.format(s=subject, p=place, y=year) for s in sentences)
        texts.append((text, render(text)))
    return texts


def _meeting_dates(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, 14) for month in MEETING_MONTHS]


def _status_weights(year: int) -> tuple[list[str], list[int]]:
    weights = (
        STATUS_WEIGHTS_NOW
        if year == YEARS[-1]
        else STATUS_WEIGHTS_LAST
        if year == YEARS[-2]
        else STATUS_WEIGHTS_OLD
    )
    return list(weights), list(weights.values())


def _next_serials() -> dict[tuple[int, int], int]:
    """The last serial given out per (diarium, year), from the series and the cases."""
    last: dict[tuple[int, int], int] = defaultdict(int)
    for diarium_id, year, serial in DiariumSeries.objects.values_list(
        "diarium_id", "year", "last_serial"
    ):
        last[(diarium_id, year)] = serial
    for row in (
        Case.objects.values("diarium_id", "year")
        .annotate(top=models.Max("serial"))
        .values_list("diarium_id", "year", "top")
    ):
        key = (row[0], row[1])
        last[key] = max(last[key], row[2])
    return last


def seed(
    *,
    cases: int = DEFAULT_CASES,
    password: str,
    force: bool = False,
    progress: Callable[[str], None] = lambda _line: None,
    random_seed: int = 14,
) -> SeedReport:
    refuse_unless_allowed(force=force)
    started = time.perf_counter()
    report = SeedReport(cases=cases)
    rng = random.Random(random_seed)

    from ssr_portal.demo import load_demo

    load_demo()
    progress("The demo is loaded (members, users, roles, the Målbild case).")
    with transaction.atomic():
        _bench_user(password)
        boards = _boards()
        handlers = _handlers(boards)
        _generate(rng, cases, boards, handlers, report, progress)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if "search_index_rebuild" in get_commands():
        progress("search_index_rebuild …")
        call_command("search_index_rebuild")
    report.seconds = time.perf_counter() - started
    return report


def _generate(rng, count, boards, handlers, report, progress) -> None:
    tables = {
        model: _Table(model)
        for model in (
            Case,
            JournalEntry,
            Document,
            Section,
            Meeting,
            AgendaItem,
            Decision,
        )
    }
    t_case, t_entry, t_document, t_section = (
        tables[Case],
        tables[JournalEntry],
        tables[Document],
        tables[Section],
    )
    t_meeting, t_item, t_decision = (
        tables[Meeting],
        tables[AgendaItem],
        tables[Decision],
    )
    huddinge_template = (
        DocumentTemplate.objects.filter(
            organisation__municipality_code="0126", is_default=True
        )
        .values_list("pk", flat=True)
        .first()
    )
    texts = _texts(rng, 400)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    last_serial = _next_serials()
    paragraphs: dict[tuple[int, int], int] = defaultdict(int)

    # How many cases each board has in each year (weighted boards, even years).
    weights = [w for _b, w in boards]
    picks = Counter(
        zip(
            rng.choices(range(len(boards)), weights=weights, k=count),
            rng.choices(list(YEARS), k=count),
            strict=True,
        )
    )

    # The meetings of every board and year, made first.
    meetings: dict[tuple[int, int], list[tuple[int, datetime.date]]] = {}
    positions: dict[int, int] = defaultdict(int)
    for board, _w in boards:
        secretary = handlers[board.organisation_id][0]
        for year in YEARS:
            rows = []
            for day in _meeting_dates(year):
                at = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(9)), tz
                )
                held = day + datetime.timedelta(days=3) < today
                pk = t_meeting.add(
                    {
                        "board_id": board.pk,
                        "meeting_date": day,
                        "start_time": datetime.time(18, 0),
                        "place": f"{board.organisation.short_name or board.organisation.name}, sessionssalen",
                        "secretary_id": secretary,
                        "adjusted_at": at + datetime.timedelta(days=2)
                        if held
                        else None,
                        "created_at": at - datetime.timedelta(days=30),
                        "updated_at": at,
                    }
                )
                rows.append((pk, day))
            meetings[(board.pk, year)] = rows

    written = 0
    cursor_wrapper = connection.cursor()
    cursor = cursor_wrapper.cursor  # psycopg's own, for COPY

    def flush() -> None:
        for table in tables.values():
            table.flush(cursor)

    for year in YEARS:
        statuses, status_weights = _status_weights(year)
        first_day = datetime.date(year, 1, 1)
        days = ((min(datetime.date(year, 12, 31), today) - first_day).days) + 1
        for index, (board, _w) in enumerate(boards):
            n = picks.get((index, year), 0)
            if not n:
                continue
            diarium = board.diarium
            key = (diarium.pk, year)
            serial = last_serial[key]
            board_meetings = meetings[(board.pk, year)]
            next_meetings = meetings.get((board.pk, year + 1), [])
            officials = handlers[board.organisation_id]
            for offset in sorted(rng.randrange(days) for _i in range(n)):
                serial += 1
                registered = first_day + datetime.timedelta(days=offset)
                at = timezone.make_aware(
                    datetime.datetime.combine(registered, datetime.time(10)), tz
                )
                status = rng.choices(statuses, weights=status_weights)[0]
                subject = rng.choice(SUBJECTS)
                title = rng.choice(TITLE_PATTERNS).format(s=subject, y=year)
                title = title[0].upper() + title[1:]
                place = rng.choice(PLACES)
                description = " ".join(
                    s.format(s=subject, p=place, y=year)
                    for s in rng.sample(SENTENCES, rng.randint(1, 3))
                )
                secret = rng.random() < SECRET_SHARE
                secrecy = (
                    rng.choice([Secrecy.SECRET, Secrecy.PARTLY_SECRET])
                    if secret
                    else Secrecy.PUBLIC
                )
                reference = rng.choice(OSL_REFERENCES) if secret else ""
                handler = rng.choice(officials)
                case_id = t_case.add(
                    {
                        "board_id": board.pk,
                        "diarium_id": diarium.pk,
                        "year": year,
                        "serial": serial,
                        "number": diarium.format_number(
                            year=year, serial=serial, month=registered.month
                        ),
                        "title": title,
                        "kind": rng.choice(KINDS),
                        "status": status,
                        "secrecy": secrecy,
                        "secrecy_reference": reference,
                        "handler_id": handler
                        if status != S.REGISTERED or rng.random() < 0.5
                        else None,
                        "registered_date": registered,
                        "registered_by_id": officials[-1],
                        "description": description,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                for entry in range(1, rng.randint(1, 4) + 1):
                    incoming = entry == 1 or rng.random() < 0.3
                    day = registered + datetime.timedelta(days=(entry - 1) * 7)
                    t_entry.add(
                        {
                            "case_id": case_id,
                            "serial": entry,
                            "direction": JournalEntry.Direction.INCOMING
                            if incoming
                            else rng.choice(
                                [
                                    JournalEntry.Direction.OUTGOING,
                                    JournalEntry.Direction.INTERNAL,
                                ]
                            ),
                            "document_date": day,
                            "received_date": day if incoming else None,
                            "counterpart": rng.choice(COUNTERPARTS),
                            "subject": f"{rng.choice(ENTRY_SUBJECTS)}: {subject}",
                            "secrecy": secrecy,
                            "secrecy_reference": reference,
                            "registered_by_id": officials[-1],
                            "created_at": at,
                            "updated_at": at,
                        }
                    )
                if status != S.REGISTERED and rng.random() < DOCUMENT_SHARE:
                    document_id = t_document.add(
                        {
                            "case_id": case_id,
                            "template_id": huddinge_template
                            if board.organisation.municipality_code == "0126"
                            else None,
                            "title": title,
                            "document_date": registered,
                            "created_at": at,
                            "updated_at": at,
                        }
                    )
                    proposal = rng.choice(PROPOSALS).format(s=subject)
                    for position, (heading, _start) in enumerate(DEFAULT_SECTIONS):
                        if position == 0:
                            text, html = proposal, f"<p>{proposal}</p>"
                        elif position == len(DEFAULT_SECTIONS) - 1:
                            text = html = ""
                        else:
                            text, html = rng.choice(texts)
                        t_section.add(
                            {
                                "document_id": document_id,
                                "position": position,
                                "title": heading,
                                "text": text,
                                "html": html,
                            }
                        )
                if status in ON_A_MEETING and (
                    status != S.CLOSED or rng.random() < 0.8
                ):
                    later = [
                        m for m in board_meetings if m[1] > registered
                    ] or next_meetings
                    if later:
                        meeting_id, meeting_day = later[0]
                        positions[meeting_id] += 1
                        decided = status in DECIDED
                        paragraph = None
                        if decided:
                            paragraphs[(board.pk, meeting_day.year)] += 1
                            paragraph = paragraphs[(board.pk, meeting_day.year)]
                        meeting_at = timezone.make_aware(
                            datetime.datetime.combine(meeting_day, datetime.time(18)),
                            tz,
                        )
                        item_id = t_item.add(
                            {
                                "meeting_id": meeting_id,
                                "case_id": case_id,
                                "position": positions[meeting_id],
                                "description": description,
                                "paragraph": paragraph,
                                "created_at": at,
                                "updated_at": meeting_at,
                            }
                        )
                        if decided:
                            t_decision.add(
                                {
                                    "item_id": item_id,
                                    "kind": rng.choice(DECISION_KINDS),
                                    "text": rng.choice(PROPOSALS).format(s=subject),
                                    "decided_by_id": handlers[board.organisation_id][0],
                                    "created_at": meeting_at,
                                }
                            )
                written += 1
                if len(t_case.rows) >= CHUNK_CASES:
                    flush()
                    progress(f"{written} of {count} cases written")
            last_serial[key] = serial
    flush()
    progress(f"{written} cases written; history, series, sequences …")

    for table in tables.values():
        table.sync_sequence(cursor)
        report.rows[table.name] = table.written
        if table.model not in (JournalEntry, Section):
            report.rows[f"{table.name} (history)"] = table.copy_history(cursor)
    for (diarium_id, year), serial in last_serial.items():
        DiariumSeries.objects.update_or_create(
            diarium_id=diarium_id, year=year, defaults={"last_serial": serial}
        )
    for (board_id, year), paragraph in paragraphs.items():
        series, _created = ParagraphSeries.objects.get_or_create(
            board_id=board_id, year=year
        )
        if paragraph > series.last_paragraph:
            series.last_paragraph = paragraph
            series.save(update_fields=["last_paragraph"])
    cursor_wrapper.close()


def summary(report: SeedReport) -> Iterable[str]:
    yield f"bench_seed: {report.cases} cases in {report.seconds:.1f} s"
    for name, rows in report.rows.items():
        yield f"  {name:<40}{rows:>10}"
