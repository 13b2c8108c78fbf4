"""The search of the portal (/sok/) and of the public diarium (/diarium/sok/).

`search(user, q, filters=…, public=…, page=…)` finds the cases whose text holds
the words: number, title and description, the tjänsteskrivelse and its
attachments, the registered documents, the decisions. It reads the search index
(`cases.models.CaseSearchEntry`), whose two texts per case already say what
each audience may read, so a result is only what the searcher may see:
- the public (and `public=True`, the public diarium) search the public text of
  public cases;
- a logged-in person searches the full text of her organisation's cases and
  the public text of other organisations' public cases; a superuser every
  full text.

On PostgreSQL the words are matched by the Swedish text search configuration
(stemmed: "beredskapen" finds "beredskap"), ranked by `ts_rank_cd` (title
before description before the rest), with `ts_headline` snippets; a word that
finds nothing is looked up by trigram similarity among the titles (a misspelled
word), and a fragment of a diarienummer ("2023/23") through the trigram index of
the title. On SQLite the stems of the words are matched (Snowball's Swedish
stemmer), ranked by where they occur, with snippets cut in Python.

The result is a page of hits, the number of matches (counted up to
`COUNT_LIMIT`, "more than 10 000" beyond) and the facets (board, year, status,
kind, class) counted over the same bounded set. A fixed number of queries
whatever the size: the count with the facets' values (one query of the bounded
matches' facet columns), the page, the labels of boards and classes, and the
meetings (portal only).
"""

import contextlib
import datetime
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case as CaseWhen,
)
from django.db.models import (
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.models import Case, CaseClass, CaseSearchEntry, Meeting
from members.models import Board, User
from ssr_portal.lib.search_text import stem_list

__all__ = [
    "COUNT_LIMIT",
    "MIN_QUERY_LENGTH",
    "PER_PAGE",
    "Facet",
    "FacetValue",
    "Hit",
    "SearchFilters",
    "SearchResults",
    "search",
]

# Fewer characters than this match nearly everything: no search is made.
MIN_QUERY_LENGTH = 2
PER_PAGE = 20
# The matches are counted, and the facets counted over, up to this many.
COUNT_LIMIT = 10_000
MEETING_LIMIT = 5
# The most frequent values a facet lists.
FACET_VALUES = 30
CONFIG = "swedish"
# ts_headline's marks: control characters no stored text holds (clean_source
# drops them), replaced by <mark> once the rest is escaped.
_START, _STOP = "\x02", "\x03"
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class SearchFilters:
    board: int | None = None
    year: int | None = None
    status: str | None = None
    kind: str | None = None
    case_class: int | None = None

    def as_q(self) -> Q:
        q = Q()
        if self.board is not None:
            q &= Q(board_id=self.board)
        if self.year is not None:
            q &= Q(year=self.year)
        if self.status:
            q &= Q(status=self.status)
        if self.kind:
            q &= Q(kind=self.kind)
        if self.case_class is not None:
            q &= Q(case_class_id=self.case_class)
        return q

    def value(self, name: str) -> str:
        value = getattr(self, name)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Hit:
    """One case found: what it is, where it is read and the words around the match."""

    case: Case
    url: str
    snippet: SafeString
    title: SafeString


@dataclass(frozen=True)
class MeetingHit:
    title: str
    url: str
    detail: str


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the filter's parameter: board, year, status, kind, case_class
    label: str
    values: list[FacetValue]


@dataclass
class SearchResults:
    query: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    facets: list[Facet] = field(default_factory=list)
    meetings: list[MeetingHit] = field(default_factory=list)
    # The hits are cases whose titles hold a word like the one asked for: the
    # words themselves found nothing.
    similar: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.hits and not self.meetings

    @property
    def total_is_bounded(self) -> bool:
        """Whether there are more matches than were counted."""
        return self.total > COUNT_LIMIT

    @property
    def has_next(self) -> bool:
        return self.page * PER_PAGE < min(self.total, COUNT_LIMIT)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first(self) -> int:
        return (self.page - 1) * PER_PAGE + 1 if self.hits else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * PER_PAGE + len(self.hits)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _own_organisation(user: User, public: bool) -> int | None:
    """The organisation whose full texts the searcher reads; None for none."""
    if public or not user.is_authenticated or user.is_superuser:
        return None
    return user.organisation_id


def _reads_everything(user: User, public: bool) -> bool:
    return not public and user.is_authenticated and user.is_superuser


# PostgreSQL -------------------------------------------------------------------


def _pg_matches(
    entries: QuerySet, query: SearchQuery, text: str, own: int | None, everything: bool
) -> QuerySet:
    if everything:
        found = Q(full_vector=query)
    elif own is not None:
        found = Q(organisation_id=own, full_vector=query) | Q(
            is_public=True, public_vector=query
        )
    else:
        found = Q(is_public=True, public_vector=query)
    if any(ch.isdigit() for ch in text):
        # A fragment of a diarienummer: through the title's trigram index.
        found |= Q(title__icontains=text) & _audience(own, everything)
    return entries.filter(found)


def _audience(own: int | None, everything: bool) -> Q:
    if everything:
        return Q()
    if own is not None:
        return Q(organisation_id=own) | Q(is_public=True)
    return Q(is_public=True)


def _pg_readable(own: int | None, everything: bool, full: str, public: str):
    """The field the searcher reads of a row: the full one of her own."""
    if everything:
        return F(full)
    if own is not None:
        return CaseWhen(When(organisation_id=own, then=F(full)), default=F(public))
    return F(public)


def _pg_similar(entries: QuerySet, text: str, own: int | None, everything: bool):
    """Cases whose title holds a word like one of `text`'s (a misspelling)."""
    return entries.filter(title__trigram_word_similar=text).filter(
        _audience(own, everything)
    )


def _pg_page(
    matches: QuerySet,
    query: SearchQuery,
    own: int | None,
    everything: bool,
    offset: int,
    similar_to: str | None,
):
    if similar_to is not None:
        rank = TrigramWordSimilarity(similar_to, "title")
    else:
        vector = _pg_readable(own, everything, "full_vector", "public_vector")
        rank = SearchRank(vector, query, cover_density=True)
    text = _pg_readable(own, everything, "full_text", "public_text")
    options = {
        "config": CONFIG,
        "start_sel": _START,
        "stop_sel": _STOP,
    }
    rows = (
        matches.annotate(
            rank=rank,
            snippet=SearchHeadline(
                Concat(F("description"), Value("\n"), text, output_field=TextField()),
                query,
                max_words=SNIPPET_WORDS,
                min_words=12,
                short_word=2,
                max_fragments=2,
                fragment_delimiter=" … ",
                **options,
            ),
            marked_title=SearchHeadline("title", query, highlight_all=True, **options),
        )
        .select_related("case__board__organisation")
        .order_by("-rank", "-year", "-serial", "-case_id")[offset : offset + PER_PAGE]
    )
    return [(row.case, _marked(row.snippet), _marked(row.marked_title)) for row in rows]


def _marked(text: str) -> SafeString:
    """ts_headline's text, escaped, with its marks as <mark>."""
    escaped = html.escape(text or "")
    return mark_safe(  # noqa: S308 - escaped above; only our own marks become tags
        escaped.replace(_START, "<mark>").replace(_STOP, "</mark>")
    )


# SQLite -----------------------------------------------------------------------


def _lite_matches(
    entries: QuerySet, stems: list[str], own: int | None, everything: bool
) -> QuerySet:
    def all_in(column: str) -> Q:
        q = Q()
        for stem in stems:
            q &= Q(**{f"{column}__contains": f" {stem}"})
        return q

    if everything:
        return entries.filter(all_in("full_stems"))
    if own is not None:
        return entries.filter(
            Q(organisation_id=own) & all_in("full_stems")
            | Q(is_public=True) & all_in("public_stems")
        )
    return entries.filter(Q(is_public=True) & all_in("public_stems"))


def _lite_page(
    matches: QuerySet,
    stems: list[str],
    own: int | None,
    everything: bool,
    offset: int,
):
    score = Value(0, output_field=IntegerField())
    for stem in stems:
        score = score + CaseWhen(
            When(title__icontains=stem, then=Value(4)),
            When(description__icontains=stem, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    rows = (
        matches.annotate(rank=score)
        .select_related("case__board__organisation")
        .order_by("-rank", "-year", "-serial", "-case_id")[offset : offset + PER_PAGE]
    )
    result = []
    for row in rows:
        reads_full = everything or (own is not None and row.organisation_id == own)
        text = row.full_text if reads_full else row.public_text
        body = f"{row.description}\n{text}".strip()
        result.append(
            (row.case, _cut_snippet(body, set(stems)), _mark_words(row.title, stems))
        )
    return result


_WORDS = re.compile(r"\w+", re.UNICODE)
# "eller" between words: PostgreSQL's websearch syntax says "or".
_ELLER = re.compile(r"\s+eller\s+", re.IGNORECASE)


def _stem_matches(word: str, stems: set[str]) -> bool:
    stemmed = stem_list(word)
    return bool(stemmed) and any(stemmed[0].startswith(stem) for stem in stems)


def _mark_words(text: str, stems) -> SafeString:
    stems = set(stems)
    out, last = [], 0
    for match in _WORDS.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        word = html.escape(match.group())
        out.append(
            f"<mark>{word}</mark>" if _stem_matches(match.group(), stems) else word
        )
        last = match.end()
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _cut_snippet(text: str, stems: set[str]) -> SafeString:
    """Some thirty words around the first word that matches, marked."""
    words = text.split()
    at = next(
        (
            index
            for index, word in enumerate(words)
            if any(_stem_matches(w, stems) for w in _WORDS.findall(word))
        ),
        0,
    )
    start = max(0, at - SNIPPET_WORDS // 3)
    piece = " ".join(words[start : start + SNIPPET_WORDS])
    marked = _mark_words(piece, stems)
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    return mark_safe(f"{prefix}{marked}{suffix}")  # noqa: S308 - marked is escaped


# Both -------------------------------------------------------------------------

_FACETS = [
    ("board", "board_id"),
    ("year", "year"),
    ("status", "status"),
    ("kind", "kind"),
    ("case_class", "case_class_id"),
]


def _counted(matches: QuerySet) -> tuple[int, dict[str, list[tuple[object, int]]]]:
    """The number of matches (up to COUNT_LIMIT + 1) and the facets' values with
    their counts over the first COUNT_LIMIT, from one query: the facet columns
    of the bounded matches, counted here."""
    columns = [column for _name, column in _FACETS]
    rows = list(matches.order_by().values_list(*columns)[: COUNT_LIMIT + 1])
    counted: dict[str, list[tuple[object, int]]] = {}
    for index, (name, _column) in enumerate(_FACETS):
        tally = Counter(row[index] for row in rows[:COUNT_LIMIT])
        tally.pop(None, None)
        counted[name] = sorted(tally.items(), key=lambda pair: (-pair[1], pair[0]))[
            :FACET_VALUES
        ]
    return len(rows), counted


def _facets(
    counted: dict[str, list[tuple[object, int]]], filters: SearchFilters
) -> list[Facet]:
    """The facets with their labels: two queries (boards, classes) at most."""
    boards = {
        board.pk: f"{board.name}, {board.organisation.name}"
        for board in Board.objects.filter(
            pk__in=[value for value, _n in counted["board"]]
        ).select_related("organisation")
    }
    classes = {
        case_class.pk: f"{case_class.code} {case_class.name}"
        for case_class in CaseClass.objects.filter(
            pk__in=[value for value, _n in counted["case_class"]]
        )
    }
    labels = {
        "board": lambda value: boards.get(value, str(value)),
        "year": str,
        "status": lambda value: str(dict(Case.Status.choices).get(value, value)),
        "kind": lambda value: str(dict(Case.Kind.choices).get(value, value)),
        "case_class": lambda value: classes.get(value, str(value)),
    }
    names = {
        "board": _("Board"),
        "year": _("Year"),
        "status": _("Status"),
        "kind": _("Kind"),
        "case_class": _("Class"),
    }
    facets = []
    for name, _column in _FACETS:
        values = [
            FacetValue(
                value=str(value),
                label=labels[name](value),
                count=count,
                selected=filters.value(name) == str(value),
            )
            for value, count in counted[name]
        ]
        if name == "year":
            values.sort(key=lambda facet_value: facet_value.value, reverse=True)
        if values:
            facets.append(Facet(name=name, label=names[name], values=values))
    return facets


def _meeting_hits(q: str) -> list[MeetingHit]:
    found = Q(board__name__icontains=q) | Q(place__icontains=q)
    with contextlib.suppress(ValueError):  # not a date: by board and place
        found |= Q(meeting_date=datetime.date.fromisoformat(q))
    meetings = (
        Meeting.objects.filter(found)
        .select_related("board__organisation")
        .order_by("-meeting_date", "-pk")[:MEETING_LIMIT]
    )
    return [
        MeetingHit(
            title=str(meeting),
            url=meeting.get_absolute_url(),
            detail=f"{meeting.board.organisation.name}, {meeting.place}",
        )
        for meeting in meetings
    ]


def search(
    user: User,
    q: str,
    *,
    filters: SearchFilters | None = None,
    public: bool = False,
    page: int = 1,
) -> SearchResults:
    """What `user` may read of the cases that hold the words of `q`, a page of
    PER_PAGE ranked hits with snippets, the bounded count and the facets; with
    `public`, what the public may read (the public diarium)."""
    q = " ".join(q.split())[:200]
    filters = filters or SearchFilters()
    page = max(1, min(page, COUNT_LIMIT // PER_PAGE))
    results = SearchResults(query=q, filters=filters, page=page)
    if len(q) < MIN_QUERY_LENGTH or (not public and not user.is_authenticated):
        return results
    own = _own_organisation(user, public)
    everything = _reads_everything(user, public)
    entries = CaseSearchEntry.objects.filter(filters.as_q())
    offset = (page - 1) * PER_PAGE
    if _is_postgres():
        # websearch syntax: "a phrase", -left out, and "or" (Swedish "eller").
        words = _ELLER.sub(" or ", q)
        query = SearchQuery(words, config=CONFIG, search_type="websearch")
        matches = _pg_matches(entries, query, q, own, everything)
        total, counted = _counted(matches)
        similar_to = None
        if total == 0:
            matches = _pg_similar(entries, q, own, everything)
            total, counted = _counted(matches)
            similar_to = q
            results.similar = total > 0
        rows = (
            _pg_page(matches, query, own, everything, offset, similar_to)
            if total
            else []
        )
    else:
        stems = [
            stem
            for stem in stem_list(_ELLER.sub(" ", q))
            if stem and stem not in ("or",)
        ]
        if not stems:
            stems = [q.lower()]
        matches = _lite_matches(entries, stems, own, everything)
        total, counted = _counted(matches)
        rows = _lite_page(matches, stems, own, everything, offset) if total else []
    results.total = total
    for case, snippet, title in rows:
        url = (
            reverse("diarium:detail", args=[case.pk])
            if public or not user.is_authenticated
            else case.get_absolute_url()
        )
        results.hits.append(Hit(case=case, url=url, snippet=snippet, title=title))
    if total:
        results.facets = _facets(counted, filters)
    if not public:
        results.meetings = _meeting_hits(q)
    return results
