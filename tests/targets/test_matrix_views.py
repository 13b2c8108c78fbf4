"""The members' matrix of a vision (public), its CSV export, a member's timeline,
the coordinator's form for a member outside the portal and "mark as sent"."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from targets import services
from targets.models import MemberApproval
from tests.factories import AgencyFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db


def _matrix_url(vision, **params):
    url = reverse("targets:matrix", args=[vision.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _csv_url(vision, **params):
    url = reverse("targets:matrix_csv", args=[vision.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def _member_url(vision, organisation):
    return reverse("targets:member", args=[vision.pk, organisation.slug])


def _names(response):
    return [row.organisation.name for row in response.context["matrix"].rows]


def _counts(response):
    return {item["status"]: item["count"] for item in response.context["summary"]}


def _row(vision, organisation):
    return MemberApproval.objects.get(vision=vision, organisation=organisation)


@pytest.fixture
def outside_approved(vision, coordinator, lansstyrelsen):
    """Länsstyrelsen (no one of it in the portal) reported its approval."""
    return services.member_record(
        approval=_row(vision, lansstyrelsen),
        user=coordinator,
        case_number="LS 2023-0001",
        approved_on=datetime.date(2023, 4, 1),
        approver_name="Länsöverdirektören",
    )


# --- the matrix ---------------------------------------------------------------------


def test_the_matrix_is_public_and_counts_the_members_per_status(
    client, vision, outside_approved
):
    use_language(client, "en")
    response = client.get(_matrix_url(vision))
    assert response.status_code == 200
    assert _names(response) == [
        "Botkyrka kommun",
        "Huddinge kommun",
        "Länsstyrelsen Stockholm",
    ]
    assert _counts(response) == {
        "not_started": 2,
        "case_registered": 0,
        "approved": 1,
        "noted": 0,
        "adopted": 0,
        "declined": 0,
    }
    assert response.context["matrix"].total == 3
    # Status as text (not only colour), the typed case number and the approver.
    assert b"Not started" in response.content
    assert b"LS 2023-0001" in response.content
    assert "Länsöverdirektören".encode() in response.content
    # Each count is a link that filters by its status.
    assert b'href="?status=approved"' in response.content
    assert b"Mark as sent to all members" not in response.content


def test_the_matrix_filters_by_kind_status_and_name(client, vision, outside_approved):
    use_language(client, "en")
    municipalities = client.get(_matrix_url(vision, kind="kommun"))
    assert _names(municipalities) == ["Botkyrka kommun", "Huddinge kommun"]
    # The counts follow the kind filter.
    assert _counts(municipalities)["not_started"] == 2
    assert _counts(municipalities)["approved"] == 0
    assert municipalities.context["matrix"].total == 2
    # A count link keeps the kind.
    assert b'href="?kind=kommun&amp;status=not_started"' in municipalities.content

    approved = client.get(_matrix_url(vision, status="approved"))
    assert _names(approved) == ["Länsstyrelsen Stockholm"]
    assert _counts(approved)["not_started"] == 2  # the counts show every status

    found = client.get(_matrix_url(vision, q="botk"))
    assert _names(found) == ["Botkyrka kommun"]


def test_a_filter_that_matches_nothing_says_so(client, vision):
    use_language(client, "en")
    response = client.get(_matrix_url(vision, status="declined"))
    assert response.status_code == 200
    assert _names(response) == []
    assert b"No member matches the filters" in response.content


def test_a_bad_filter_value_is_a_message_in_the_page(client, vision):
    use_language(client, "en")
    response = client.get(_matrix_url(vision, kind="planet", status="approved"))
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content
    assert response.context["filters"]["kind"] == ""


def test_htmx_gets_only_the_results(client, vision):
    response = client.get(
        _matrix_url(vision, kind="kommun"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="matrix-results"')
    assert "<html" not in content
    assert 'id="matrix-clear" hx-swap-oob="true"' in content


def test_an_unknown_vision_is_not_found(client, vision):
    assert client.get(reverse("targets:matrix", args=[vision.pk + 99])).status_code == (
        404
    )


def test_the_matrix_follows_the_boards_decision_on_a_linked_case(
    client, vision, botkyrka, botkyrka_decides
):
    case = botkyrka_decides()
    use_language(client, "en")
    response = client.get(_matrix_url(vision, status="noted"))
    assert _names(response) == ["Botkyrka kommun"]
    assert _counts(response)["noted"] == 1
    content = response.content.decode()
    assert "Noted by the board" in content
    assert "Noted in the minutes" in content
    assert "2026-11-30" in content and "§&nbsp;1" in content
    assert f'href="{case.get_absolute_url()}">{case.number}</a>' in content
    assert "Dag Direktör" in content


@pytest.mark.parametrize("extra_members", [0, 12])
def test_the_matrix_takes_the_same_queries_whatever_the_number_of_members(
    client, vision, coordinator, extra_members, django_assert_num_queries
):
    for number in range(extra_members):
        AgencyFactory(name=f"Exempelverket {number}", slug=f"exempelverket-{number}")
    services.approvals_ensure(vision)
    client.get(_matrix_url(vision))  # warm the caches of the first request
    # vision, rows with their organisations, cases and approvers
    with django_assert_num_queries(2):
        assert client.get(_matrix_url(vision, kind="myndighet")).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(_csv_url(vision)).status_code == 200
    client.force_login(coordinator)
    # user, the user's roles, organisation (header), vision, rows, the main
    # menu's inbox count
    with django_assert_num_queries(6):
        assert client.get(_matrix_url(vision)).status_code == 200


# --- CSV ------------------------------------------------------------------------------


def _csv_rows(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_csv_has_a_row_per_member_for_swedish_excel(
    client, vision, outside_approved
):
    use_language(client, "en")
    response = client.get(_csv_url(vision))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="malbild-2023-2026-medlemmar.csv"' in response["Content-Disposition"]
    )
    rows = _csv_rows(response)
    assert rows[0] == [
        "Member",
        "Kind",
        "Status",
        "Reached on",
        "Case number",
        "Approved by",
        "Approved on",
        "Board",
        "Decision",
        "Decision date",
        "Paragraph",
    ]
    assert [row[0] for row in rows[1:]] == [
        "Botkyrka kommun",
        "Huddinge kommun",
        "Länsstyrelsen Stockholm",
    ]
    assert rows[3][1:7] == [
        "Government agency",
        "Approved",
        "",
        "LS 2023-0001",
        "Länsöverdirektören",
        "2023-04-01",
    ]


def test_the_csv_takes_the_filters_and_speaks_the_language(
    client, vision, outside_approved, botkyrka_decides
):
    botkyrka_decides()
    use_language(client, "en")
    rows = _csv_rows(client.get(_csv_url(vision, kind="kommun", status="noted")))
    assert len(rows) == 2
    assert rows[1][0] == "Botkyrka kommun"
    assert rows[1][2] == "Noted by the board"
    assert rows[1][7:] == [
        "Kommunstyrelsen",
        "Noted in the minutes",
        "2026-11-30",
        "1",
    ]
    assert _csv_rows(client.get(_csv_url(vision, q="Hudd")))[1][0] == (
        "Huddinge kommun"
    )
    use_language(client, "sv")
    swedish = _csv_rows(client.get(_csv_url(vision, status="noted")))
    assert swedish[0][0] != "Member"
    assert swedish[1][2] != "Noted by the board"


def test_a_typed_value_is_never_a_formula_in_the_csv(
    client, vision, coordinator, lansstyrelsen
):
    services.member_record(
        approval=_row(vision, lansstyrelsen),
        user=coordinator,
        case_number="=HYPERLINK(1)",
    )
    rows = _csv_rows(client.get(_csv_url(vision, q="Läns")))
    assert rows[1][4] == "'=HYPERLINK(1)"


# --- a member's timeline ----------------------------------------------------------------


def test_the_member_page_shows_the_steps_and_the_history(
    client, vision, coordinator, lansstyrelsen, outside_approved
):
    services.vision_mark_sent(
        vision=vision, user=coordinator, date=datetime.date(2023, 3, 13)
    )
    use_language(client, "en")
    response = client.get(_member_url(vision, lansstyrelsen))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Länsstyrelsen Stockholm" in content and "Approved" in content
    labels = [step["label"] for step in response.context["timeline"]]
    # In the order of the steps, the typed case number (no date) before the
    # approval.
    assert labels[0] == "The vision reached the member"
    assert labels.index("Approved by Länsöverdirektören") > 1
    assert labels[1].startswith("Case ")
    assert "2023-03-13" in content
    history = response.context["history"]
    assert history[-1].created is True
    changed = {change.label for event in history for change in event.changes}
    assert {"Case number", "Approved on", "Approver"} <= changed
    assert "Sam" in content  # who changed it
    # An anonymous reader gets no form.
    assert b'name="approved_on"' not in response.content


def test_an_unknown_member_is_not_found(client, vision):
    url = reverse("targets:member", args=[vision.pk, "no-such-member"])
    assert client.get(url).status_code == 404


# --- the coordinator's form ------------------------------------------------------------


def _form_data(approval, **values):
    data = {
        "received_on": "",
        "case_number": "",
        "approved_on": "",
        "approver_name": "",
        "board_name": "",
        "decision_kind": "",
        "decision_date": "",
        "decision_paragraph": "",
        "note": "",
        "updated_at": approval.updated_at.isoformat(),
    }
    data.update(values)
    return data


def test_the_coordinator_records_what_an_outside_member_reports(
    client, vision, coordinator, lansstyrelsen
):
    client.force_login(coordinator)
    use_language(client, "en")
    url = _member_url(vision, lansstyrelsen)
    page = client.get(url)
    assert b'name="decision_paragraph"' in page.content
    row = _row(vision, lansstyrelsen)
    response = client.post(
        url,
        _form_data(
            row,
            case_number="LS 2023-0001",
            approved_on="2023-04-01",
            approver_name="Länsöverdirektören",
            board_name="Länsledningen",
            decision_kind="noted",
            decision_date="2023-05-02",
            decision_paragraph="7",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url
    row.refresh_from_db()
    assert row.status == MemberApproval.Status.NOTED
    assert row.decision_paragraph == 7
    assert row.history.first().history_user == coordinator
    page = client.get(url)
    assert "What Länsstyrelsen Stockholm reports was saved." in page.content.decode()


def test_the_services_rule_is_a_message_at_its_field(
    client, vision, coordinator, lansstyrelsen
):
    client.force_login(coordinator)
    use_language(client, "en")
    row = _row(vision, lansstyrelsen)
    response = client.post(
        _member_url(vision, lansstyrelsen),
        _form_data(row, decision_kind="noted"),
    )
    assert response.status_code == 400
    assert "decision_date" in response.context["form"].errors
    assert b"Give the date of the board" in response.content
    response = client.post(
        _member_url(vision, lansstyrelsen),
        _form_data(row, approved_on="not a date"),
    )
    assert response.status_code == 400
    assert b"Enter a valid date" in response.content
    row.refresh_from_db()
    assert row.status == MemberApproval.Status.NOT_STARTED


def test_a_portal_members_row_is_not_typed_in(
    client, vision, coordinator, director, huddinge
):
    client.force_login(coordinator)
    use_language(client, "en")
    url = _member_url(vision, huddinge)
    page = client.get(url)
    assert b'name="approved_on"' not in page.content
    row = _row(vision, huddinge)
    response = client.post(
        url, _form_data(row, approved_on="2023-04-01", approver_name="Någon")
    )
    assert response.status_code == 403
    assert b"Huddinge kommun uses the portal" in response.content
    row.refresh_from_db()
    assert row.approved_on is None


@pytest.mark.parametrize("who", ["alice", "director", None])
def test_no_one_but_the_coordinator_types_in_a_members_report(
    request, client, vision, lansstyrelsen, who
):
    if who:
        client.force_login(request.getfixturevalue(who))
    use_language(client, "en")
    url = _member_url(vision, lansstyrelsen)
    assert b'name="approved_on"' not in client.get(url).content
    row = _row(vision, lansstyrelsen)
    response = client.post(
        url, _form_data(row, approved_on="2023-04-01", approver_name="Någon")
    )
    assert response.status_code == 403
    assert b"Only an SSR coordinator may change the vision." in response.content
    row.refresh_from_db()
    assert row.approved_on is None


def test_two_coordinators_do_not_overwrite_each_other(
    client, vision, coordinator, lansstyrelsen
):
    row = _row(vision, lansstyrelsen)
    opened = _form_data(row, case_number="LS 1", board_name="Länsledningen")
    # Someone else saves first.
    services.member_record(approval=row, user=coordinator, case_number="LS 2")
    client.force_login(coordinator)
    use_language(client, "en")
    response = client.post(_member_url(vision, lansstyrelsen), opened)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else changed this member" in content
    assert "Nothing was saved" in content
    # The form shows the current values and the newer version to save over.
    form = response.context["form"]
    assert form.initial["case_number"] == "LS 2"
    row.refresh_from_db()
    assert row.case_number == "LS 2" and row.board_name == ""
    assert form.initial["updated_at"] == row.updated_at.isoformat()
    assert {c["label"] for c in response.context["conflict"]} == {
        "The member's case number",
        "Board",
    }
    # Saving again from the refreshed form works.
    again = client.post(
        _member_url(vision, lansstyrelsen),
        _form_data(row, case_number="LS 1", board_name="Länsledningen"),
    )
    assert again.status_code == 302
    row.refresh_from_db()
    assert row.case_number == "LS 1"


def test_a_form_without_its_version_is_refused(
    client, vision, coordinator, lansstyrelsen
):
    client.force_login(coordinator)
    use_language(client, "en")
    row = _row(vision, lansstyrelsen)
    response = client.post(
        _member_url(vision, lansstyrelsen),
        _form_data(row, case_number="LS 1", updated_at="yesterday"),
    )
    assert response.status_code == 400
    assert b"The form is out of date" in response.content
    row.refresh_from_db()
    assert row.case_number == ""


# --- mark as sent ------------------------------------------------------------------------


def test_the_coordinator_marks_the_vision_as_sent(
    client, vision, coordinator, lansstyrelsen
):
    client.force_login(coordinator)
    use_language(client, "en")
    page = client.get(_matrix_url(vision))
    assert b"Mark as sent to all members" in page.content
    url = reverse("targets:mark_sent", args=[vision.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == _matrix_url(vision)
    assert not MemberApproval.objects.filter(
        vision=vision, received_on__isnull=True
    ).exists()
    page = client.get(_matrix_url(vision))
    assert b"The vision was marked as sent to 3 members." in page.content
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("who", ["alice", None])
def test_no_one_else_marks_the_vision_as_sent(request, client, vision, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    use_language(client, "en")
    response = client.post(reverse("targets:mark_sent", args=[vision.pk]))
    assert response.status_code == 403
    assert b"Only an SSR coordinator may change the vision." in response.content
    assert not MemberApproval.objects.filter(received_on__isnull=False).exists()


def test_the_pages_render_in_swedish(client, vision, lansstyrelsen, outside_approved):
    matrix = client.get(_matrix_url(vision))
    assert "Inte påbörjad" in matrix.content.decode()
    assert client.get(_member_url(vision, lansstyrelsen)).status_code == 200


@pytest.mark.parametrize("changes", [1, 8])
def test_the_member_page_takes_the_same_queries_however_long_the_history(
    client, vision, coordinator, lansstyrelsen, changes, django_assert_num_queries
):
    row = _row(vision, lansstyrelsen)
    for number in range(changes):
        row = services.member_record(
            approval=row, user=coordinator, case_number=f"LS {number}"
        )
    url = _member_url(vision, lansstyrelsen)
    # the row with its vision, member, case and approver; uses the portal; history
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
