"""The list pages' queries on PostgreSQL, at a size where a sequential scan or a
sort of every row would show in the plan: each page of the case list, the public
diarium and the API's list is one index range in the list's order (no Seq Scan
on cases_case, no Sort), and each count stops at its limit.

The queries are the ones the views send (captured), explained as they are after
ANALYZE of 20 000 cases in 12 boards of 3 organisations over 9 years. SQLite has
no planner statistics worth the name, so this runs on PostgreSQL only (the
Makefile runs the suite on both).
"""

import datetime
import itertools
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, DiariumSeries, Secrecy
from members.roles import Role
from members.services import board_diarium
from ssr_portal.lib.keyset import Cursor
from tests.factories import BoardFactory, OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans need PostgreSQL's planner (set DATABASE_URL)",
    ),
]

CASES = 20_000
OLD_CASES = 200
# A page (25 rows on the pages, 50 in the API) may look at a few times its rows
# (the visibility rule and the filters drop some): a twentieth of the table.
PAGE_READ_LIMIT = CASES // 20
# Counted up to 1 000 here (10 000 in production): a count that reads the whole
# table of 20 000 would pass a limit of 10 000 unseen.
COUNT_LIMIT = 1_000
YEARS = range(2018, 2027)
BOARD_NAMES = ["Kommunstyrelsen", "Byggnadsnämnden", "Miljönämnden", "Socialnämnden"]


@pytest.fixture
def county():
    """Three organisations with four boards and two officers each, and CASES
    cases spread over the boards, the years and the officers, one in ten secret;
    the cases of the years before 2025 are closed, the newer ones in every status.

    The first organisation also had a board, abolished in 2018, and an officer
    who retired then: their few cases are far back in the list's order, so a
    plan that walks the whole list for them (instead of their index) shows."""
    organisations = [
        OrganisationFactory(name=f"Planstad {n} kommun", slug=f"planstad-{n}")
        for n in range(3)
    ]
    boards = [
        BoardFactory(organisation=organisation, name=name, prefix=f"P{n}")
        for organisation in organisations
        for n, name in enumerate(BOARD_NAMES)
    ]
    officers = {
        organisation.pk: [
            UserFactory(organisation=organisation, roles=[Role.OFFICIAL])
            for _ in range(2)
        ]
        for organisation in organisations
    }
    abolished = BoardFactory(
        organisation=organisations[0], name="Krisledningsnämnden", prefix="KLN"
    )
    retired = UserFactory(organisation=organisations[0], is_active=False)
    diaria = {board.pk: board_diarium(board=board) for board in [*boards, abolished]}
    recent_statuses = itertools.cycle(Case.Status.values)
    serials: dict[tuple[int, int], int] = {}

    def case(n: int, board, year: int, handler) -> Case:
        serial = serials[board.pk, year] = serials.get((board.pk, year), 0) + 1
        secret = n % 10 == 0
        return Case(
            board=board,
            diarium=diaria[board.pk],
            year=year,
            serial=serial,
            number=f"{board.prefix} {year}/{serial}",
            title=f"Ärende {n}",
            status=next(recent_statuses) if year >= 2025 else Case.Status.CLOSED,
            secrecy=Secrecy.SECRET if secret else Secrecy.PUBLIC,
            secrecy_reference="OSL 15 kap. 2 §" if secret else "",
            handler=handler,
            registered_date=datetime.date(year, 3, 20),
        )

    cases = [case(n, abolished, YEARS[0], retired) for n in range(OLD_CASES)]
    for n in range(CASES - OLD_CASES):
        board = boards[n % len(boards)]
        year = YEARS[n * len(YEARS) // (CASES - OLD_CASES)]
        cases.append(case(n, board, year, officers[board.organisation_id][n % 2]))
    Case.objects.bulk_create(cases, batch_size=5000)
    DiariumSeries.objects.bulk_create(
        DiariumSeries(diarium=diaria[board_pk], year=year, last_serial=serial)
        for (board_pk, year), serial in serials.items()
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "organisation": organisations[0],
        "other_organisation": organisations[1],
        "board": boards[0],
        "other_board": boards[1],
        "abolished": abolished,
        "official": officers[organisations[0].pk][0],
        "retired": retired,
    }


def _plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def _explain(sql: str) -> dict:
    """The plan of `sql` as it ran (EXPLAIN ANALYZE: rows, not times, are read
    from it)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (result,) = cursor.fetchone()
    if isinstance(result, str):
        result = json.loads(result)
    return result[0]["Plan"]


def _rows_read(nodes: list[dict]) -> int:
    """The rows of cases_case the plan's scans looked at: those they returned
    and those their filters threw away, in every loop."""
    return sum(
        (node["Actual Rows"] + node.get("Rows Removed by Filter", 0))
        * node["Actual Loops"]
        for node in nodes
        if node.get("Relation Name") == "cases_case"
    )


def _case_queries(client, url: str, params: dict | None = None) -> tuple[str, str]:
    """The page query and the count query of the list at `url`, as sent."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    on_cases = [q["sql"] for q in captured if 'FROM "cases_case"' in q["sql"]]
    # The bounded count (ssr_portal/lib/keyset.py), not another page's count
    # (the main menu's inbox).
    counts = [sql for sql in on_cases if sql.startswith(_BOUNDED_COUNT)]
    pages = [sql for sql in on_cases if 'ORDER BY "cases_case"."year" DESC' in sql]
    assert len(counts) == 1 and len(pages) == 1, on_cases
    return pages[0], counts[0]


_BOUNDED_COUNT = 'SELECT COUNT(*) FROM (SELECT "cases_case"."id" AS "pk" FROM'


def _describe(plan: dict) -> str:
    return json.dumps(plan, indent=1)[:4000]


def _assert_index_range(sql: str) -> None:
    """The page is read from an index in the list's order: no Seq Scan on the
    cases, and no Sort at all (a page sorts nothing)."""
    plan = _explain(sql)
    nodes = list(_plan_nodes(plan))
    on_cases = [node for node in nodes if node.get("Relation Name") == "cases_case"]
    assert on_cases, _describe(plan)
    assert all(
        node["Node Type"] in ("Index Scan", "Index Only Scan") for node in on_cases
    ), _describe(plan)
    assert not [node for node in nodes if "Sort" in node["Node Type"]], _describe(plan)
    assert plan["Node Type"] == "Limit", _describe(plan)
    # An index range of the filter's own index, not a walk of the whole list
    # that throws away what the filter does not want.
    assert _rows_read(nodes) <= PAGE_READ_LIMIT, _describe(plan)


def _assert_bounded_count(sql: str) -> None:
    """The count reads at most its limit of rows: a Limit under the Aggregate,
    and no Sort."""
    plan = _explain(sql)
    nodes = list(_plan_nodes(plan))
    assert plan["Node Type"] == "Aggregate", _describe(plan)
    assert any(node["Node Type"] == "Limit" for node in nodes), _describe(plan)
    assert not [node for node in nodes if "Sort" in node["Node Type"]], _describe(plan)
    # It stops after its limit of the filter's rows, whatever it throws away on
    # the way (five sixths of the rows, for an officer with a sixth of the
    # cases): never the whole table, at most a third of it here.
    assert _rows_read(nodes) <= CASES // 3, _describe(plan)


def _deep_cursor(**filters) -> str:
    """A cursor in the middle of the list (as from many "Next page" clicks)."""
    rows = Case.objects.filter(**filters).newest_first()
    middle = rows[rows.count() // 2]
    return Cursor(
        position=(middle.year, middle.serial, middle.pk), before=False, number=200
    ).encode()


def test_every_list_query_reads_one_index_range(client, county, monkeypatch):
    """One test, so that the county is made once (a few seconds)."""
    monkeypatch.setattr("ssr_portal.lib.keyset.COUNT_LIMIT", COUNT_LIMIT)
    official = county["official"]
    case_list = reverse("cases:list")
    diarium = reverse("diarium:list")
    anonymous = [
        (diarium, {}),
        (diarium, {"organisation": county["other_organisation"].slug}),
        (diarium, {"board": county["other_board"].pk}),
        (diarium, {"year": "2020"}),
        (diarium, {"board": county["abolished"].pk}),
        (diarium, {"cursor": _deep_cursor(secrecy=Secrecy.PUBLIC)}),
        ("/api/cases/", {}),
        ("/api/cases/", {"status": Case.Status.CLOSED}),
        ("/api/cases/", {"board": county["abolished"].pk}),
        ("/api/cases/", {"organisation": county["other_organisation"].slug}),
    ]
    logged_in = [
        (case_list, {}),
        (case_list, {"board": county["board"].pk}),
        (case_list, {"board": county["other_board"].pk}),
        (case_list, {"board": county["abolished"].pk}),
        (case_list, {"status": Case.Status.CLOSED}),
        (case_list, {"status": Case.Status.REGISTERED}),
        (case_list, {"year": "2018"}),
        (case_list, {"year": "2020"}),
        (case_list, {"handler": official.pk}),
        (case_list, {"handler": county["retired"].pk}),
        (case_list, {"cursor": _deep_cursor()}),
        (
            case_list,
            {
                "board": county["board"].pk,
                "cursor": _deep_cursor(board=county["board"]),
            },
        ),
        ("/api/cases/", {}),
        ("/api/cases/", {"board": county["board"].pk}),
    ]
    for logged, lists in ((False, anonymous), (True, logged_in)):
        if logged:
            client.force_login(official)
        for url, params in lists:
            page, count = _case_queries(client, url, params)
            try:
                _assert_index_range(page)
                _assert_bounded_count(count)
            except AssertionError as error:
                raise AssertionError(f"{url} {params}: {error}") from error
