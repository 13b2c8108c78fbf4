"""The portal's search (/sok/): cases, documents, decisions and meetings whose
words contain what was asked, each only as far as the user may see it.

`search(user, q)` is the interface the page uses: full-text search (issue 14)
replaces how the groups are found, not what the page gets. Each group is one
query, however many rows match (the page shows at most `limit` of each and says
when there are more). Visibility is the querysets' own rule:
`Case.objects.visible_to` for cases, their tjänsteskrivelser and journal
entries, `AgendaItem.objects.visible_to` for decisions; any logged-in person may
read a meeting (cases/views/access.py `get_meeting_for_user`).
"""

import contextlib
import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import AgendaItem, Case, Document, JournalEntry, Meeting, Secrecy
from members.models import User

__all__ = ["MIN_QUERY_LENGTH", "Hit", "ResultGroup", "SearchResults", "search"]

# Fewer characters than this match nearly everything: no search is made.
MIN_QUERY_LENGTH = 2
LIMIT = 10


@dataclass(frozen=True)
class Hit:
    """One result: what it is called, where it is and a line about it."""

    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class ResultGroup:
    kind: str  # "cases", "documents", "decisions", "meetings"
    label: str
    hits: list[Hit]
    has_more: bool = False


@dataclass(frozen=True)
class SearchResults:
    query: str
    groups: list[ResultGroup] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(group.hits for group in self.groups)


def _case_hits(user: User, q: str, limit: int) -> list[Hit]:
    cases = (
        Case.objects.visible_to(user)
        .search(q)
        .with_related()
        .newest_first()[: limit + 1]
    )
    return [
        Hit(
            title=f"{case.number} {case.title}",
            url=case.get_absolute_url(),
            detail=f"{case.board.organisation.name}, {case.board.name}",
        )
        for case in cases
    ]


def _document_hits(user: User, q: str, limit: int) -> list[Hit]:
    """The tjänsteskrivelser by title and the registered documents by what they
    concern; a secret entry only for the people of the case's organisation."""
    visible = Case.objects.visible_to(user)
    reports = (
        Document.objects.filter(case__in=visible, title__icontains=q)
        .select_related("case")
        .order_by("-document_date", "-pk")[: limit + 1]
    )
    entries = JournalEntry.objects.filter(case__in=visible, subject__icontains=q)
    if not user.is_superuser:
        entries = entries.filter(
            Q(secrecy=Secrecy.PUBLIC)
            | Q(case__board__organisation_id=user.organisation_id)
        )
    entries = entries.select_related("case").order_by("-document_date", "-pk")[
        : limit + 1
    ]
    hits = [
        (
            report.document_date,
            Hit(
                title=f"{report.case.number} {report.title}",
                url=report.get_absolute_url(),
                detail=_("Official report, %(date)s")
                % {"date": f"{report.document_date:%Y-%m-%d}"},
            ),
        )
        for report in reports
    ] + [
        (
            entry.document_date,
            Hit(
                title=f"{entry.number} {entry.subject}",
                url=reverse("cases:detail", args=[entry.case_id]) + "#documents",
                detail=_("Registered document, %(date)s")
                % {"date": f"{entry.document_date:%Y-%m-%d}"},
            ),
        )
        for entry in entries
    ]
    hits.sort(key=lambda pair: pair[0], reverse=True)
    return [hit for _date, hit in hits]


def _decision_hits(user: User, q: str, limit: int) -> list[Hit]:
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(decision__isnull=False, decision__text__icontains=q)
        .select_related("case", "decision", "meeting__board")
        .order_by("-meeting__meeting_date", "-pk")[: limit + 1]
    )
    hits = []
    for item in items:
        where = f"{item.meeting.board.name} {item.meeting.meeting_date:%Y-%m-%d}"
        if item.paragraph:
            where += f" § {item.paragraph}"
        hits.append(
            Hit(
                title=f"{item.case.number} {item.case.title}",
                url=item.get_absolute_url(),
                detail=f"{where}: {_shorten(item.decision.text)}",
            )
        )
    return hits


def _meeting_hits(q: str, limit: int) -> list[Hit]:
    found = Q(board__name__icontains=q) | Q(place__icontains=q)
    with contextlib.suppress(ValueError):  # not a date: by board and place
        found |= Q(meeting_date=datetime.date.fromisoformat(q))
    meetings = (
        Meeting.objects.filter(found)
        .select_related("board__organisation")
        .order_by("-meeting_date", "-pk")[: limit + 1]
    )
    return [
        Hit(
            title=str(meeting),
            url=meeting.get_absolute_url(),
            detail=f"{meeting.board.organisation.name}, {meeting.place}",
        )
        for meeting in meetings
    ]


def _shorten(text: str, length: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _group(kind: str, label: str, hits: list[Hit], limit: int) -> ResultGroup:
    return ResultGroup(
        kind=kind, label=label, hits=hits[:limit], has_more=len(hits) > limit
    )


def search(user: User, q: str, limit: int = LIMIT) -> SearchResults:
    """What `user` may see of the cases, documents, decisions and meetings that
    contain `q` (case-insensitive), at most `limit` of each: four queries."""
    q = " ".join(q.split())
    if len(q) < MIN_QUERY_LENGTH or not user.is_authenticated:
        return SearchResults(query=q)
    return SearchResults(
        query=q,
        groups=[
            _group("cases", _("Cases"), _case_hits(user, q, limit), limit),
            _group("documents", _("Documents"), _document_hits(user, q, limit), limit),
            _group("decisions", _("Decisions"), _decision_hits(user, q, limit), limit),
            _group("meetings", _("Meetings"), _meeting_hits(q, limit), limit),
        ],
    )
