"""The follow-up pages: the public page per goal and year with the chart, and the
SSR coordinator's form per goal and year (status, comment, evidence)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets import services
from targets.models import Evidence, Goal, GoalFollowUp, Milestone
from tests.factories import BoardFactory, CaseFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db

from tests.cases.test_upload_validation import pdf_bytes  # noqa: E402

PDF_BYTES = pdf_bytes()


@pytest.fixture
def client(client):
    return use_language(client, "en")


@pytest.fixture
def followed(vision, coordinator, ks):
    """The vision with the demo's kind of follow-up: statuses for 2023–2024, a
    comment, and evidence of every kind."""
    support, communication = vision.goals.all()
    for goal, year, status in [
        (support, 2023, "under_way"),
        (support, 2024, "reached"),
        (communication, 2023, "not_started"),
        (communication, 2024, "at_risk"),
    ]:
        services.follow_up_set(
            goal=goal,
            year=year,
            status=status,
            comment=f"Comment {goal.position} {year}",
            user=coordinator,
        )
    row = GoalFollowUp.objects.get(goal=support, year=2024)
    case = CaseFactory(board=ks, year=2023, serial=236, title="Målbild")
    services.evidence_add(
        follow_up=row, user=coordinator, kind="case", title="The case", case=case
    )
    services.evidence_add(
        follow_up=row,
        user=coordinator,
        kind="exercise",
        title="Regional exercise",
        url="https://example.se/ovning",
    )
    services.evidence_add(
        follow_up=row,
        user=coordinator,
        kind="file",
        title="Evaluation report",
        file=SimpleUploadedFile("utvardering.pdf", PDF_BYTES, "application/pdf"),
    )
    Milestone.objects.create(
        vision=vision,
        goal=support,
        title="Support agreement",
        due_date=datetime.date(2024, 6, 30),
        status="done",
    )
    return vision


def url(vision):
    return reverse("targets:follow_up", args=[vision.pk])


def edit_url(vision, goal, year):
    return reverse("targets:follow_up_edit", args=[vision.pk, goal.pk, year])


# --- the page -------------------------------------------------------------------


def test_the_page_shows_every_goal_and_year_to_anyone(client, followed):
    response = client.get(url(followed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Follow-up of the goals" in page
    assert "Goal 1: Exempel: Stöd" in page
    assert "Goal 2: Exempel: Kommunikation" in page
    assert "Comment 0 2023" in page
    assert "At risk" in page
    assert 'role="img"' in page
    assert "<caption>" in page
    assert 'scope="row"' in page
    # No forms or edit links for the public.
    assert "Record 2024 for goal 1" not in page


def test_the_page_links_the_evidence(client, followed):
    page = client.get(url(followed)).content.decode()
    assert "Regional exercise" in page
    assert 'href="https://example.se/ovning"' in page
    # The public finds the case in the public diarium.
    assert "/diarium/?q=KS+2023%2F236" in page
    evidence = Evidence.objects.get(kind="file")
    assert reverse("targets:evidence_file", args=[followed.pk, evidence.pk]) in page


def test_the_page_links_the_report_of_every_year(client, followed):
    page = client.get(url(followed)).content.decode()
    for year in range(2023, 2027):
        assert reverse("targets:follow_up_pdf", args=[followed.pk, year]) in page


def test_the_table_holds_the_same_statuses_as_the_chart(client, followed):
    response = client.get(url(followed))
    chart = response.context["chart"]
    assert [c.label for c in chart.rows[1].cells] == [
        "Not started",
        "At risk",
        "No data",
        "No data",
    ]
    assert 'data-status="at_risk">At risk</td>' in response.content.decode()


def test_the_coordinator_sees_the_links_to_record_each_year(
    client, followed, coordinator
):
    client.force_login(coordinator)
    page = client.get(url(followed)).content.decode()
    goal = followed.goals.first()
    assert "Record 2026 for goal 1" in page
    assert edit_url(followed, goal, 2026) in page


@pytest.mark.parametrize("goals", [2, 6])
def test_the_page_takes_a_fixed_number_of_queries(
    client, followed, coordinator, goals, django_assert_num_queries
):
    for position in range(2, goals):
        goal = Goal.objects.create(
            vision=followed, position=position, title=f"G{position}"
        )
        row = services.follow_up_set(
            goal=goal, year=2023, status="reached", user=coordinator
        )
        services.evidence_add(
            follow_up=row, user=coordinator, kind="link", title="L", url="https://a.se"
        )
    # The vision, the goals, their follow-ups, the evidence with its cases.
    with django_assert_num_queries(4):
        response = client.get(url(followed))
    assert response.status_code == 200


def test_an_unknown_vision_is_404(client, db):
    assert client.get(reverse("targets:follow_up", args=[999])).status_code == 404


def test_the_evidence_file_downloads_with_its_checked_type(client, followed):
    evidence = Evidence.objects.get(kind="file")
    response = client.get(
        reverse("targets:evidence_file", args=[followed.pk, evidence.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_evidence_of_another_vision_is_404(client, followed):
    evidence = Evidence.objects.get(kind="file")
    response = client.get(reverse("targets:evidence_file", args=[999, evidence.pk]))
    assert response.status_code == 404


# --- recording: who ------------------------------------------------------------------


def test_the_form_asks_the_public_to_log_in(client, vision):
    response = client.get(edit_url(vision, vision.goals.first(), 2024))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_others_are_refused_the_form_and_a_crafted_post(client, vision, director):
    client.force_login(director)
    goal = vision.goals.first()
    assert client.get(edit_url(vision, goal, 2024)).status_code == 403
    response = client.post(
        edit_url(vision, goal, 2024),
        {"form": "status", "status-status": "reached", "status-base": ""},
    )
    assert response.status_code == 403
    assert "Only an SSR coordinator" in response.content.decode()
    assert not GoalFollowUp.objects.exists()


def test_an_impossible_base_date_is_an_out_of_date_form_not_a_500(
    client, vision, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        edit_url(vision, vision.goals.first(), 2024),
        {
            "form": "status",
            "status-status": "reached",
            "status-base": "2024-13-45T00:00:00",
        },
    )
    assert response.status_code == 400
    assert not GoalFollowUp.objects.exists()


def test_a_year_outside_the_period_is_404(client, vision, coordinator):
    client.force_login(coordinator)
    goal = vision.goals.first()
    assert client.get(edit_url(vision, goal, 2027)).status_code == 404
    assert client.get(edit_url(vision, goal, 2022)).status_code == 404


# --- recording: the status ---------------------------------------------------------------


def test_the_coordinator_records_a_year(client, vision, coordinator):
    client.force_login(coordinator)
    goal = vision.goals.first()
    page = client.get(edit_url(vision, goal, 2024))
    assert page.status_code == 200
    assert "Save the goal's status for the year first" in page.content.decode()
    response = client.post(
        edit_url(vision, goal, 2024),
        {
            "form": "status",
            "status-status": "under_way",
            "status-comment": "  Started the exercise plan. ",
            "status-base": "",
        },
    )
    assert response.status_code == 302
    row = GoalFollowUp.objects.get(goal=goal, year=2024)
    assert (row.status, row.comment, row.recorded_by) == (
        "under_way",
        "Started the exercise plan.",
        coordinator,
    )
    assert row.history.first().history_user == coordinator


def test_a_change_is_saved_from_the_row_it_was_made_from(client, followed, coordinator):
    client.force_login(coordinator)
    goal = followed.goals.first()
    form = client.get(edit_url(followed, goal, 2023)).context["status_form"]
    response = client.post(
        edit_url(followed, goal, 2023),
        {
            "form": "status",
            "status-status": "reached",
            "status-comment": "Done",
            "status-base": form.initial["base"],
        },
    )
    assert response.status_code == 302
    assert GoalFollowUp.objects.get(goal=goal, year=2023).status == "reached"


def test_a_missing_status_is_shown_in_the_page(client, vision, coordinator):
    client.force_login(coordinator)
    response = client.post(
        edit_url(vision, vision.goals.first(), 2024),
        {"form": "status", "status-comment": "x", "status-base": ""},
    )
    assert response.status_code == 400
    assert "Choose the goal&#x27;s status for the year." in response.content.decode()
    assert not GoalFollowUp.objects.exists()


def test_a_save_over_a_newer_one_is_a_conflict(client, followed, coordinator, bob):
    client.force_login(coordinator)
    goal = followed.goals.first()
    base = (
        client.get(edit_url(followed, goal, 2023))
        .context["status_form"]
        .initial["base"]
    )
    # Meanwhile the other coordinator saves.
    services.follow_up_set(
        goal=goal, year=2023, status="at_risk", comment="Theirs", user=bob
    )
    response = client.post(
        edit_url(followed, goal, 2023),
        {
            "form": "status",
            "status-status": "reached",
            "status-comment": "Mine",
            "status-base": base,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else recorded the status" in page
    assert "Theirs" in page
    assert "Mine" in page  # what this coordinator wrote stays in the form
    row = GoalFollowUp.objects.get(goal=goal, year=2023)
    assert (row.status, row.comment) == ("at_risk", "Theirs")
    # The form now names their version: saving again replaces it knowingly.
    renewed = response.context["status_form"].data["status-base"]
    assert renewed == row.updated_at.isoformat()
    again = client.post(
        edit_url(followed, goal, 2023),
        {
            "form": "status",
            "status-status": "reached",
            "status-comment": "Mine",
            "status-base": renewed,
        },
    )
    assert again.status_code == 302
    assert GoalFollowUp.objects.get(goal=goal, year=2023).comment == "Mine"


def test_a_first_save_after_someone_elses_first_save_is_a_conflict(
    client, vision, coordinator, bob
):
    client.force_login(coordinator)
    goal = vision.goals.first()
    services.follow_up_set(goal=goal, year=2025, status="under_way", user=bob)
    response = client.post(
        edit_url(vision, goal, 2025),
        {"form": "status", "status-status": "reached", "status-base": ""},
    )
    assert response.status_code == 409
    assert GoalFollowUp.objects.get(goal=goal, year=2025).status == "under_way"


# --- recording: evidence ---------------------------------------------------------------------


def _evidence(client, vision, goal, year, **fields):
    data = {"form": "evidence"}
    data.update({f"evidence-{name}": value for name, value in fields.items()})
    return client.post(edit_url(vision, goal, year), data)


def test_evidence_of_a_case_is_found_by_its_number(client, followed, coordinator, ks):
    client.force_login(coordinator)
    goal = followed.goals.first()
    case = CaseFactory(board=ks, year=2024, serial=12)
    response = _evidence(
        client,
        followed,
        goal,
        2023,
        kind="case",
        title="Decision",
        case_number=" ks  2024/12",
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Decision")
    assert evidence.case == case
    assert evidence.follow_up.year == 2023


def test_an_unknown_case_number_is_shown_in_the_page(client, followed, coordinator):
    client.force_login(coordinator)
    response = _evidence(
        client,
        followed,
        followed.goals.first(),
        2023,
        kind="case",
        title="Decision",
        case_number="KS 1999/1",
    )
    assert response.status_code == 400
    assert (
        "No public case numbered KS 1999/1 in the portal." in response.content.decode()
    )


def test_a_secret_case_is_not_evidence_on_the_public_page(
    client, followed, coordinator, ks
):
    client.force_login(coordinator)
    CaseFactory(board=ks, year=2024, serial=13, secrecy="secret")
    response = _evidence(
        client,
        followed,
        followed.goals.first(),
        2023,
        kind="case",
        title="Secret",
        case_number="KS 2024/13",
    )
    assert response.status_code == 400
    assert not Evidence.objects.filter(title="Secret").exists()


def test_an_ambiguous_case_number_asks_for_the_organisation(
    client, followed, coordinator, ks, botkyrka
):
    client.force_login(coordinator)
    other = BoardFactory(organisation=botkyrka, prefix="KS")
    CaseFactory(board=ks, year=2024, serial=20)
    theirs = CaseFactory(board=other, year=2024, serial=20)
    goal = followed.goals.first()
    response = _evidence(
        client, followed, goal, 2023, kind="case", title="X", case_number="KS 2024/20"
    )
    assert response.status_code == 400
    assert "Several organisations have a case numbered KS 2024/20" in (
        response.content.decode()
    )
    response = _evidence(
        client,
        followed,
        goal,
        2023,
        kind="case",
        title="X",
        case_number="KS 2024/20",
        organisation=botkyrka.pk,
    )
    assert response.status_code == 302
    assert Evidence.objects.get(title="X").case == theirs


def test_a_link_without_an_address_is_refused(client, followed, coordinator):
    client.force_login(coordinator)
    response = _evidence(
        client, followed, followed.goals.first(), 2023, kind="link", title="A link"
    )
    assert response.status_code == 400
    assert "Give a link, a file or a case." in response.content.decode()


def test_an_uploaded_file_is_stored(client, followed, coordinator):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("Övning 2023.pdf", PDF_BYTES, "application/pdf")
    response = _evidence(
        client,
        followed,
        followed.goals.first(),
        2023,
        kind="file",
        title="Report",
        file=upload,
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(title="Report")
    assert evidence.file.name.endswith(".pdf")
    assert evidence.file.read() == PDF_BYTES


def test_a_file_that_is_not_what_its_name_says_is_refused(
    client, followed, coordinator
):
    client.force_login(coordinator)
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00program", "application/pdf")
    response = _evidence(
        client,
        followed,
        followed.goals.first(),
        2023,
        kind="file",
        title="Bad",
        file=upload,
    )
    assert response.status_code == 400
    assert "its content is not a PDF file" in response.content.decode()
    assert not Evidence.objects.filter(title="Bad").exists()


def test_a_file_over_the_limit_is_refused(client, followed, coordinator, settings):
    settings.SSR_UPLOAD_MAX_BYTES = 10
    client.force_login(coordinator)
    upload = SimpleUploadedFile("report.pdf", PDF_BYTES, "application/pdf")
    response = _evidence(
        client,
        followed,
        followed.goals.first(),
        2023,
        kind="file",
        title="Big",
        file=upload,
    )
    assert response.status_code == 400
    assert "the largest file you can upload is" in response.content.decode()


def test_evidence_needs_the_years_status_first(client, vision, coordinator):
    client.force_login(coordinator)
    response = _evidence(
        client,
        vision,
        vision.goals.first(),
        2026,
        kind="link",
        title="Early",
        url="https://example.se",
    )
    assert response.status_code == 400
    assert "Record the goal&#x27;s status for the year first." in (
        response.content.decode()
    )
    assert not Evidence.objects.exists()


def test_others_cannot_add_evidence(client, followed, director):
    client.force_login(director)
    response = _evidence(
        client,
        followed,
        followed.goals.first(),
        2023,
        kind="link",
        title="Crafted",
        url="https://example.se",
    )
    assert response.status_code == 403
    assert not Evidence.objects.filter(title="Crafted").exists()


def test_the_pages_render_in_swedish(client, followed, coordinator):
    use_language(client, "sv")
    page = client.get(url(followed))
    assert page.status_code == 200
    assert "Pågår" in page.content.decode()
    client.force_login(coordinator)
    goal = followed.goals.first()
    assert client.get(edit_url(followed, goal, 2024)).status_code == 200
