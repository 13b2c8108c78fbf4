"""The målbild's admin pages open for a superuser, show their history, and keep
the models' rules (the period rule gives its message)."""

import datetime

import pytest
from django.urls import reverse

from targets import services
from targets.models import Activation, GoalFollowUp, MemberApproval, Vision
from tests.factories import UserFactory
from tests.helpers import use_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def it_admin(huddinge):
    return UserFactory(
        username="it", organisation=huddinge, is_staff=True, is_superuser=True
    )


@pytest.fixture
def admin_client(client, it_admin):
    client.force_login(it_admin)
    return use_language(client, "en")


def _vision_form(**fields) -> dict:
    """The vision's change form with its five inlines empty."""
    data = {
        "title": "Målbild 2027-2030",
        "start_year": "2027",
        "end_year": "2030",
        "aim": "Att tillsammans skapa trygghet.",
        "description": "",
    }
    for prefix in ("versions", "foundations", "goals", "milestones", "documents"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(fields)
    return data


@pytest.mark.parametrize(
    "name",
    [
        "admin:targets_vision_changelist",
        "admin:targets_vision_add",
        "admin:targets_activation_changelist",
        "admin:targets_activation_add",
        "admin:targets_memberapproval_changelist",
        "admin:targets_goalfollowup_changelist",
        "admin:targets_goalfollowup_add",
    ],
)
def test_admin_pages_open(admin_client, vision, name):
    assert admin_client.get(reverse(name)).status_code == 200


def test_the_visions_change_form_shows_its_inlines(admin_client, vision):
    response = admin_client.get(
        reverse("admin:targets_vision_change", args=[vision.pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    for text in ("Exempel: Lägesbild", "Exempel: Stöd", "Regionala chefsgruppen"):
        assert text in page
    for prefix in ("versions", "foundations", "goals", "milestones", "documents"):
        assert f'name="{prefix}-TOTAL_FORMS"' in page


def test_a_visions_history_is_shown(admin_client, vision, it_admin):
    services.vision_update(vision=vision, user=it_admin, description="Ändrad")

    response = admin_client.get(
        reverse("admin:targets_vision_history", args=[vision.pk])
    )

    assert response.status_code == 200
    assert "it" in response.content.decode()


def test_a_new_vision_is_saved_with_its_history_user(admin_client, vision, it_admin):
    response = admin_client.post(reverse("admin:targets_vision_add"), _vision_form())

    assert response.status_code == 302
    created = Vision.objects.get(start_year=2027)
    assert created.history.first().history_user == it_admin


def test_a_period_off_the_mandate_period_shows_its_message(admin_client, vision):
    response = admin_client.post(
        reverse("admin:targets_vision_add"),
        _vision_form(start_year="2028", end_year="2031"),
    )

    assert response.status_code == 200
    assert "A vision follows the mandate period" in response.content.decode()
    assert Vision.objects.count() == 1


def test_a_period_of_five_years_shows_its_message(admin_client, vision):
    response = admin_client.post(
        reverse("admin:targets_vision_add"),
        _vision_form(start_year="2027", end_year="2031"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "A vision covers four whole calendar years: 2027–2030." in page
    assert Vision.objects.count() == 1


def test_an_overlapping_period_shows_its_message(admin_client, vision):
    response = admin_client.post(
        reverse("admin:targets_vision_add"),
        _vision_form(start_year="2023", end_year="2026", title="Dubbel"),
    )

    assert response.status_code == 200
    assert "the network" in response.content.decode()
    assert Vision.objects.count() == 1


def test_the_member_rows_list_shows_status_and_case(
    admin_client, vision, coordinator, lansstyrelsen
):
    row = MemberApproval.objects.get(vision=vision, organisation=lansstyrelsen)
    services.member_record(
        approval=row,
        user=coordinator,
        case_number="LS 2023-0001",
        board_name="Länsledningen",
        decision_kind="noted",
        decision_date=datetime.date(2023, 5, 2),
    )

    response = admin_client.get(
        reverse("admin:targets_memberapproval_changelist"),
        {"organisation__kind": "myndighet", "q": "Läns"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Länsstyrelsen Stockholm" in page
    assert "LS 2023-0001" in page
    assert "Noted by the board" in page
    assert "Huddinge kommun" not in page


def test_a_member_rows_change_form_opens(admin_client, vision, huddinge):
    row = MemberApproval.objects.get(vision=vision, organisation=huddinge)

    response = admin_client.get(
        reverse("admin:targets_memberapproval_change", args=[row.pk])
    )

    assert response.status_code == 200


def test_a_follow_up_with_its_evidence_opens(admin_client, vision, coordinator):
    follow_up = services.follow_up_set(
        goal=vision.goals.first(), year=2024, status="reached", user=coordinator
    )
    services.evidence_add(
        follow_up=follow_up,
        user=coordinator,
        kind="link",
        title="Utvärdering av övningen",
        url="https://example.org/utvardering",
    )

    response = admin_client.get(
        reverse("admin:targets_goalfollowup_change", args=[follow_up.pk])
    )

    assert response.status_code == 200
    assert "Utvärdering av övningen" in response.content.decode()


def test_a_follow_up_outside_the_period_shows_its_message(admin_client, vision):
    goal = vision.goals.first()

    response = admin_client.post(
        reverse("admin:targets_goalfollowup_add"),
        {
            "goal": goal.pk,
            "year": "2027",
            "status": "reached",
            "comment": "",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "The year must be within the period 2023–2026." in (
        response.content.decode()
    )
    assert not GoalFollowUp.objects.exists()


def test_an_activation_ending_before_it_starts_shows_its_message(admin_client, db):
    response = admin_client.post(
        reverse("admin:targets_activation_add"),
        {
            "started_on": "2023-10-01",
            "ended_on": "2023-09-01",
            "level": "",
            "reason": "Våldet i länet",
            "requested_by": "",
        },
    )

    assert response.status_code == 200
    assert "The end date cannot be before the start date." in (
        response.content.decode()
    )
    assert not Activation.objects.exists()
