"""Keeping the search index current (`cases.models.CaseSearchEntry`).

A save or delete of a case, its tjänsteskrivelse and sections, its attachments,
journal entries, agenda items, decisions or a meeting marks the case; after the
transaction commits, each marked case's row is written once
(`search_entries_refresh`), however many rows of it the step touched. A write
that bypasses the signals (a queryset `update`) calls `search_index_mark_case`
itself. `search_index_rebuild` writes every row in batches (the command
`search_index_rebuild`, after a bulk load).

What each audience may find is decided here, once, as the text of the row (the
model's docstring): the public text of a case that is not public is empty, a
secret journal entry is only in the full text, and a decision reaches the public
text once its minutes are adjusted, as on the public case page.
"""

import logging
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from ssr_portal.lib.search_text import stems

from ..models import (
    AgendaItem,
    Attachment,
    Case,
    CaseSearchEntry,
    Decision,
    Document,
    JournalEntry,
    Meeting,
    Secrecy,
    Section,
)
from ..models.diarium import FROZEN_STATUSES

__all__ = [
    "REPORT_PUBLIC_FROM",
    "search_entries_refresh",
    "search_index_fill",
    "search_index_flush",
    "search_index_mark_case",
    "search_index_rebuild",
    "search_signals_connect",
]

logger = logging.getLogger(__name__)

# The PostgreSQL text search configuration of every vector and query.
CONFIG = "swedish"
BATCH = 1000

# From approval on, the tjänsteskrivelse is the board's underlag: a public
# document of a public case (before that it is a draft, not yet an allmän handling).
REPORT_PUBLIC_FROM = FROZEN_STATUSES - {Case.Status.SUBMITTED}

_MARKERS = re.compile(r"[#*>^\[\]_`|]+")


def _plain(text: str) -> str:
    """Stored section markup as running text: markers gone, spaces collapsed."""
    return " ".join(_MARKERS.sub(" ", text).split())


def _join(parts: Iterable[str]) -> str:
    return "\n".join(part for part in (_plain(p) for p in parts) if part)


def _rows(case_ids: list[int]) -> list[CaseSearchEntry]:
    """The index rows of `case_ids` as they should be: six queries per batch."""
    cases = list(
        Case.objects.filter(pk__in=case_ids)
        .select_related("board")
        .only(
            "pk",
            "number",
            "title",
            "description",
            "year",
            "serial",
            "status",
            "kind",
            "secrecy",
            "case_class_id",
            "board__id",
            "board__organisation_id",
        )
    )
    reports: dict[int, list[str]] = defaultdict(list)
    for case_id, title in Document.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "title"
    ):
        reports[case_id].append(title)
    for case_id, title, text in (
        Section.objects.filter(document__case_id__in=case_ids)
        .order_by("document_id", "position", "pk")
        .values_list("document__case_id", "title", "text")
    ):
        reports[case_id] += [title, text]
    for case_id, title, text in (
        Attachment.objects.filter(document__case_id__in=case_ids)
        .order_by("document_id", "position", "pk")
        .values_list("document__case_id", "title", "text")
    ):
        reports[case_id] += [title, text]
    public_entries: dict[int, list[str]] = defaultdict(list)
    secret_entries: dict[int, list[str]] = defaultdict(list)
    for case_id, subject, counterpart, secrecy in (
        JournalEntry.objects.filter(case_id__in=case_ids)
        .order_by("serial")
        .values_list("case_id", "subject", "counterpart", "secrecy")
    ):
        into = public_entries if secrecy == Secrecy.PUBLIC else secret_entries
        into[case_id] += [subject, counterpart]
    adjusted: dict[int, list[str]] = defaultdict(list)
    unadjusted: dict[int, list[str]] = defaultdict(list)
    for case_id, description, text, motions, adjusted_at in (
        Decision.objects.filter(item__case_id__in=case_ids)
        .order_by("item__meeting__meeting_date", "pk")
        .values_list(
            "item__case_id",
            "item__description",
            "text",
            "motions",
            "item__meeting__adjusted_at",
        )
    ):
        into = adjusted if adjusted_at is not None else unadjusted
        into[case_id] += [description, text, motions]

    rows = []
    for case in cases:
        pk = case.pk
        is_public = case.secrecy == Secrecy.PUBLIC
        title = f"{case.number} {case.title}"
        description = _plain(case.description)
        report_is_public = case.status in REPORT_PUBLIC_FROM
        public_parts = public_entries[pk] + adjusted[pk]
        if report_is_public:
            public_parts = reports[pk] + public_parts
        full_text = _join(
            reports[pk]
            + public_entries[pk]
            + secret_entries[pk]
            + adjusted[pk]
            + unadjusted[pk]
        )
        public_text = _join(public_parts) if is_public else ""
        row = CaseSearchEntry(
            case_id=pk,
            organisation_id=case.board.organisation_id,
            board_id=case.board_id,
            year=case.year,
            serial=case.serial,
            status=case.status,
            kind=case.kind,
            case_class_id=case.case_class_id,
            is_public=is_public,
            title=title[:400],
            description=description,
            public_text=public_text,
            full_text=full_text,
        )
        if connection.vendor != "postgresql":
            head = f"{title} {description}"
            row.full_stems = stems(f"{head} {full_text}")
            row.public_stems = stems(f"{head} {public_text}") if is_public else ""
        rows.append(row)
    return rows


_FIELDS = [
    "organisation_id",
    "board_id",
    "year",
    "serial",
    "status",
    "kind",
    "case_class_id",
    "is_public",
    "title",
    "description",
    "public_text",
    "full_text",
    "public_stems",
    "full_stems",
    "indexed_at",
]


# PostgreSQL: the rows of a batch in one statement, the vectors made as they are
# written (weights: the title A, the description B, the rest C).
_VECTOR = (
    "setweight(to_tsvector('swedish', v.title), 'A')"
    " || setweight(to_tsvector('swedish', v.description), 'B')"
    " || setweight(to_tsvector('swedish', v.{text}), 'C')"
)
_PG_UPSERT = f"""
INSERT INTO cases_casesearchentry (
    case_id, organisation_id, board_id, year, serial, status, kind, case_class_id,
    is_public, title, description, public_text, full_text, public_stems, full_stems,
    public_vector, full_vector, indexed_at)
SELECT v.case_id, v.organisation_id, v.board_id, v.year, v.serial, v.status,
    v.kind, v.case_class_id, v.is_public, v.title, v.description, v.public_text,
    v.full_text, '', '',
    CASE WHEN v.is_public THEN {_VECTOR.format(text="public_text")} END,
    {_VECTOR.format(text="full_text")},
    now()
FROM unnest(
    %s::integer[], %s::integer[], %s::integer[], %s::smallint[], %s::integer[],
    %s::varchar[], %s::varchar[], %s::integer[], %s::boolean[], %s::varchar[],
    %s::text[], %s::text[], %s::text[]
) AS v(case_id, organisation_id, board_id, year, serial, status, kind,
    case_class_id, is_public, title, description, public_text, full_text)
ON CONFLICT (case_id) DO UPDATE SET
    organisation_id = EXCLUDED.organisation_id, board_id = EXCLUDED.board_id,
    year = EXCLUDED.year, serial = EXCLUDED.serial, status = EXCLUDED.status,
    kind = EXCLUDED.kind, case_class_id = EXCLUDED.case_class_id,
    is_public = EXCLUDED.is_public, title = EXCLUDED.title,
    description = EXCLUDED.description, public_text = EXCLUDED.public_text,
    full_text = EXCLUDED.full_text, public_vector = EXCLUDED.public_vector,
    full_vector = EXCLUDED.full_vector, indexed_at = EXCLUDED.indexed_at
"""
_PG_COLUMNS = [
    "case_id",
    "organisation_id",
    "board_id",
    "year",
    "serial",
    "status",
    "kind",
    "case_class_id",
    "is_public",
    "title",
    "description",
    "public_text",
    "full_text",
]


def _pg_write(rows: list[CaseSearchEntry]) -> None:
    columns = [[getattr(row, name) for row in rows] for name in _PG_COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(_PG_UPSERT, columns)


def search_entries_refresh(case_ids: Iterable[int]) -> int:
    """Write the index rows of `case_ids` (a case that is gone has none); the
    number of rows written: seven queries per BATCH cases."""
    ids = sorted(set(case_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        rows = _rows(ids[start : start + BATCH])
        if not rows:
            continue
        if connection.vendor == "postgresql":
            _pg_write(rows)
        else:
            CaseSearchEntry.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["case"],
                update_fields=_FIELDS,
            )
        written += len(rows)
    return written


# The GIN indexes of the table on PostgreSQL (migration 0017 makes them): a
# rebuild into an empty table makes them once afterwards, which is many times
# faster than keeping them current row by row.
_PG_SEARCH_INDEXES = {
    "cases_search_public_vector_idx": "gin (public_vector)",
    "cases_search_full_vector_idx": "gin (full_vector)",
    "cases_search_title_trgm_idx": "gin (title gin_trgm_ops)",
    "cases_search_title_upper_trgm_idx": "gin (upper(title::text) gin_trgm_ops)",
}


def search_index_rebuild() -> int:
    """Write the index rows of every case, in batches; the number written. Into
    an empty table on PostgreSQL (outside a transaction: the command after a bulk
    load, the first migrate), its GIN indexes are made afresh at the end."""
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    bulk = (
        connection.vendor == "postgresql"
        # Outside a transaction only: an index is not made beside pending
        # foreign-key checks of the rows just written.
        and not connection.in_atomic_block
        and not CaseSearchEntry.objects.exists()
    )
    if bulk:
        with connection.cursor() as cursor:
            for name in _PG_SEARCH_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        return search_entries_refresh(ids)
    finally:
        if bulk:
            with connection.cursor() as cursor:
                for name, how in _PG_SEARCH_INDEXES.items():
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {name}"
                        f" ON cases_casesearchentry USING {how}"
                    )
                cursor.execute("ANALYZE cases_casesearchentry")


def search_index_fill(sender=None, using: str = "default", **kwargs) -> int:
    """Index every case when there are cases and no index row yet (`post_migrate`);
    the number written."""
    if CaseSearchEntry.objects.using(using).exists():
        return 0
    if not Case.objects.using(using).exists():
        return 0
    return search_index_rebuild()


# What the signals mark, per connection, until the transaction commits.
class _Pending:
    def __init__(self) -> None:
        self.cases: set[int] = set()
        self.documents: set[int] = set()
        self.items: set[int] = set()
        self.meetings: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self.cases or self.documents or self.items or self.meetings)

    def case_ids(self) -> set[int]:
        ids = set(self.cases)
        if self.documents:
            ids |= set(
                Document.objects.filter(pk__in=self.documents).values_list(
                    "case_id", flat=True
                )
            )
        if self.items or self.meetings:
            ids |= set(
                AgendaItem.objects.filter(pk__in=self.items).values_list(
                    "case_id", flat=True
                )
            )
            ids |= set(
                AgendaItem.objects.filter(meeting_id__in=self.meetings).values_list(
                    "case_id", flat=True
                )
            )
        return ids


_ATTRIBUTE = "_ssr_search_pending"


def search_index_flush() -> None:
    """Write the rows of the cases marked so far (the on-commit callback)."""
    pending = getattr(connection, _ATTRIBUTE, None)
    setattr(connection, _ATTRIBUTE, None)
    if pending:
        search_entries_refresh(pending.case_ids())


def _pending() -> _Pending:
    """This connection's marks, with the refresh registered to run on commit,
    once per transaction (again after a rollback dropped it: the marks of the
    rolled-back work are then written with the next, from the database as it is)."""
    pending = getattr(connection, _ATTRIBUTE, None)
    # run_on_commit holds (savepoint ids, callback, robust) of the transaction.
    if pending is None or not any(
        entry[1] is search_index_flush for entry in connection.run_on_commit
    ):
        if pending is None:
            pending = _Pending()
            setattr(connection, _ATTRIBUTE, pending)
        transaction.on_commit(search_index_flush, robust=True)
    return pending


def _mark(kind: str, pk: int | None) -> None:
    if pk is None:
        return
    if not connection.in_atomic_block:
        # Autocommit: the write is committed already.
        pending = _Pending()
        getattr(pending, kind).add(pk)
        try:
            search_entries_refresh(pending.case_ids())
        except Exception:  # the write stands; the index waits for a rebuild
            logger.exception("The search index of a %s could not be written", kind)
        return
    getattr(_pending(), kind).add(pk)


def search_index_mark_case(case_id: int) -> None:
    """Have the case's index row written after the commit (for a write that
    sends no signal, such as a queryset `update`)."""
    _mark("cases", case_id)


def _on_case(sender, instance, **kwargs) -> None:
    _mark("cases", instance.pk)


def _on_case_part(sender, instance, **kwargs) -> None:
    _mark("cases", instance.case_id)


def _on_document_part(sender, instance, **kwargs) -> None:
    _mark("documents", instance.document_id)


def _on_decision(sender, instance, **kwargs) -> None:
    _mark("items", instance.item_id)


def _on_meeting(sender, instance, **kwargs) -> None:
    _mark("meetings", instance.pk)


def search_signals_connect() -> None:
    """Connect the marks (`CasesConfig.ready`)."""
    uid = "cases.search_index"
    post_save.connect(_on_case, sender=Case, dispatch_uid=f"{uid}.case")
    for model in (Document, JournalEntry, AgendaItem):
        for signal in (post_save, post_delete):
            signal.connect(
                _on_case_part, sender=model, dispatch_uid=f"{uid}.{model.__name__}"
            )
    for part in (Section, Attachment):
        for signal in (post_save, post_delete):
            signal.connect(
                _on_document_part,
                sender=part,
                dispatch_uid=f"{uid}.{part.__name__}",
            )
    for signal in (post_save, post_delete):
        signal.connect(_on_decision, sender=Decision, dispatch_uid=f"{uid}.decision")
    post_save.connect(_on_meeting, sender=Meeting, dispatch_uid=f"{uid}.meeting")
