"""Every row lock of the cases app, taken in ONE order (STYLE.md §4).

    meeting → agenda item → case → document

A service takes the locks it needs in this order and never the other way round:
a service that starts from a case but must lock its meeting reads the meeting's
id without a lock, locks the meeting, then the item, then the case, and checks
again under the locks that the relations it read still hold.

Why one order: PostgreSQL waits for a row another transaction holds, and two
transactions that each hold a row the other wants wait forever until one is
killed as a deadlock (a 500). Two secretaries on one meeting, one placing a case
on the agenda (meeting, then case) while the other records a decision (which
locked the case, then the item, then the meeting), did exactly that. When every
service walks down the same path, the second one waits at the first row it shares
with the first, and no cycle of waits can form.

The order follows the cases' own hierarchy: a meeting holds items, an item
names a case, a case has its tjänsteskrivelse (document). Rows below these
(the document's signatories and bilagor, a meeting's confirmations and
proposals, an item's decision, a case's dispatch rows, the § and diarium series)
are locked after their parent, and nothing of the four is locked after them.
Rows of other apps (the målbild's rows in `targets`) are locked before their
service calls into `cases`, so they come before the meeting. Several rows of
one kind are locked in primary-key order.

Every lock is `select_for_update(of=("self",))`: only the named row is locked.
Without `of`, PostgreSQL also locks every row joined in by `select_related`
(the board and its organisation), which serialised all writes of an
organisation and added rows outside the order. SQLite has no row locks (it
locks the whole database on the first write), where these are plain reads.
"""

from collections.abc import Iterable

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from members.models import Board, Diarium
from ssr_portal.lib.refusals import StepRefused

from .models import AgendaItem, Case, DiariumSeries, Document, Meeting, ParagraphSeries


def _pk(row: Model | int) -> int:
    return row if isinstance(row, int) else row.pk


def _locked(queryset: QuerySet, *, skip_locked: bool = False) -> QuerySet:
    return queryset.select_for_update(of=("self",), skip_locked=skip_locked)


def lock_rows(queryset: QuerySet, *, skip_locked: bool = False) -> QuerySet:
    """Lock the rows of `queryset` (only them: `of=self`) when it is read: for
    the rows below the four (a dispatch row, after its case). `skip_locked`
    leaves out rows another transaction holds (a worker claiming its task)."""
    return _locked(queryset, skip_locked=skip_locked)


def lock_meeting(meeting: Meeting | int) -> Meeting:
    """Lock one meeting (with its board and organisation read, not locked)."""
    return _locked(Meeting.objects.select_related("board__organisation")).get(
        pk=_pk(meeting)
    )


def lock_meetings(meetings: Iterable[Meeting | int]) -> dict[int, Meeting]:
    """Lock several meetings (a bordläggning's two), in primary-key order."""
    pks = sorted({_pk(meeting) for meeting in meetings})
    rows = _locked(
        Meeting.objects.select_related("board__organisation")
        .filter(pk__in=pks)
        .order_by("pk")
    )
    return {row.pk: row for row in rows}


def lock_item(item: AgendaItem | int) -> AgendaItem:
    """Lock one agenda item, after its meeting (with the meeting, board and case
    read, not locked: lock the case after the item when it changes).

    An item another secretary took off the agenda since the page was shown is
    refused (StepRefused), not a missing row."""
    try:
        return _locked(
            AgendaItem.objects.select_related("meeting__board__organisation", "case")
        ).get(pk=_pk(item))
    except AgendaItem.DoesNotExist:
        raise StepRefused(
            _(
                "The item is no longer on the agenda: someone took it off just "
                "before you."
            )
        ) from None


def lock_case(case: Case | int) -> Case:
    """Lock one case (with its board and organisation read, not locked)."""
    return _locked(Case.objects.select_related("board__organisation")).get(pk=_pk(case))


def lock_cases(cases: Iterable[Case | int] | QuerySet) -> list[Case]:
    """Lock several cases (a meeting's, at justering), in primary-key order;
    `cases` may be a subquery of their ids."""
    pks = cases if isinstance(cases, QuerySet) else [_pk(case) for case in cases]
    rows = Case.objects.filter(pk__in=pks).select_related("board__organisation")
    return list(_locked(rows.order_by("pk")))


def lock_diarium_series(*, diarium: Diarium, year: int) -> DiariumSeries:
    """Lock the diarium's series of the year (registering a case takes its
    next serial; no other lock is held then)."""
    return _locked(DiariumSeries.objects.all()).get(diarium=diarium, year=year)


def lock_paragraph_series(*, board: Board, year: int) -> ParagraphSeries:
    """Lock the board's § series of the year, last: after the meeting, the item
    and the case of the decision that takes the next §."""
    return _locked(ParagraphSeries.objects.all()).get(board=board, year=year)


def lock_document(document: Document | int) -> Document:
    """Lock one tjänsteskrivelse, after its case."""
    return _locked(Document.objects.all()).get(pk=_pk(document))


def lock_case_document(case: Case | int) -> tuple[Case, Document | None]:
    """Lock a case and then its tjänsteskrivelse (None when it has none yet): what
    every change to the document, its bilagor, signatories, recipients and
    references takes, as a submission does, so the two cannot interleave."""
    locked = lock_case(case)
    document = _locked(Document.objects.filter(case=locked)).first()
    return locked, document
