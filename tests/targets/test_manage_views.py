"""The SSR coordinator's pages to keep the vision: create (with the period rules),
change (with the check against concurrent edits), the parts (foundations, goals,
milestones, versions, bilagor, aktiverade lägen), and the refusal of anyone else."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from targets.models import (
    Activation,
    Foundation,
    Goal,
    MemberApproval,
    Milestone,
    Vision,
    VisionDocument,
    VisionVersion,
)
from tests.helpers import use_language

pytestmark = pytest.mark.django_db

from tests.cases.test_upload_validation import pdf_bytes  # noqa: E402

PDF_BYTES = pdf_bytes()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def client_en(client):
    return use_language(client, "en")


@pytest.fixture
def sam(client_en, coordinator):
    client_en.force_login(coordinator)
    return client_en


def _parts(vision):
    return reverse("targets:vision_parts", args=[vision.pk])


def _add(vision, kind):
    return reverse("targets:part_add", args=[vision.pk, kind])


def _new(**changes):
    return {
        "title": "Målbild 2027-2030",
        "start_year": "2027",
        "aim": "Tillsammans för trygghet",
        "description": "",
    } | changes


# --- create -------------------------------------------------------------------------


def test_the_create_form_explains_the_period(sam, vision):
    response = sam.get(reverse("targets:vision_create"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="start_year"' in page
    assert "The last year follows: the first year + 3." in page


def test_a_year_that_does_not_start_a_mandate_period_is_refused(sam, vision):
    response = sam.post(reverse("targets:vision_create"), _new(start_year="2024"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "A vision follows the mandate period" in page
    assert "2024–2027" in page  # the derived last year in the help text
    assert not Vision.objects.filter(start_year=2024).exists()


def test_an_overlapping_period_is_refused(sam, vision):
    response = sam.post(reverse("targets:vision_create"), _new(start_year="2023"))
    assert response.status_code == 400
    assert "The period overlaps the vision" in response.content.decode()
    assert Vision.objects.count() == 1


def test_the_period_rule_in_swedish(client, coordinator, vision):
    client.force_login(coordinator)
    response = client.post(reverse("targets:vision_create"), _new(start_year="2024"))
    assert response.status_code == 400
    assert "En målbild följer mandatperioden" in response.content.decode()


def test_the_coordinator_creates_a_vision(sam, coordinator, vision, botkyrka):
    response = sam.post(
        reverse("targets:vision_create"), _new(description="Bakgrund"), follow=True
    )
    created = Vision.objects.get(start_year=2027)
    assert response.redirect_chain[-1][0] == created.get_absolute_url()
    assert created.end_year == 2030 and created.description == "Bakgrund"
    assert "was created" in response.content.decode()
    # Every member has its row, and the history says who created it.
    assert MemberApproval.objects.filter(vision=created, organisation=botkyrka).exists()
    assert created.history.first().history_user == coordinator


# --- change -------------------------------------------------------------------------


def _change(vision, **changes):
    return {
        "title": vision.title,
        "aim": vision.aim,
        "description": vision.description,
        "updated_at": vision.updated_at.isoformat(),
    } | changes


def test_the_coordinator_changes_the_vision(sam, coordinator, vision):
    url = reverse("targets:vision_change", args=[vision.pk])
    assert sam.get(url).status_code == 200
    response = sam.post(url, _change(vision, aim="Ett nytt mål"))
    assert response.status_code == 302
    vision.refresh_from_db()
    assert vision.aim == "Ett nytt mål"
    assert vision.history.first().history_user == coordinator


def test_a_change_over_someone_elses_shows_the_conflict(sam, vision):
    url = reverse("targets:vision_change", args=[vision.pk])
    opened = _change(vision, aim="Mitt mål")
    # Someone else saves first.
    other = Vision.objects.get(pk=vision.pk)
    other.aim = "Deras mål"
    other.save()
    response = sam.post(url, opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed the vision while you were writing" in page
    assert "Deras mål" in page and "Mitt mål" in page
    vision.refresh_from_db()
    assert vision.aim == "Deras mål"
    # The form now holds the current values and their time.
    assert response.context["form"].initial["aim"] == "Deras mål"


# --- the parts ----------------------------------------------------------------------


def test_the_parts_page_lists_every_part(sam, vision):
    response = sam.get(_parts(vision))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Exempel: Lägesbild" in page and "Exempel: Kommunikation" in page
    assert "Version 1: Adopted" in page
    assert "Gemensam målbild 2023-2026" in page


def test_a_parts_place_is_counted_from_one_not_its_stored_zero(sam, vision):
    """Issue 13: the first goal read "Ordning 0"."""
    page = use_language(sam, "sv").get(_parts(vision)).content.decode()
    assert "Ordning 0" not in page
    assert "Plats 1 av 2" in page and "Plats 2 av 2" in page


def _base(kind, part, vision) -> str:
    """The fingerprint the change form of `part` carries, as the page shows it."""
    from targets.views.manage import PARTS

    return PARTS[kind][1](instance=part, vision=vision).fields["base"].initial


def test_two_coordinators_changing_one_goal_do_not_overwrite_each_other(sam, vision):
    goal = vision.goals.first()
    prefix = f"goal-{goal.pk}"
    opened = _base("goal", goal, vision)  # both open the page now
    first = {
        f"{prefix}-title": "Exempel: Stöd i hela länet",
        f"{prefix}-ambition": "",
        f"{prefix}-position": "",
        f"{prefix}-base": opened,
    }
    url = reverse("targets:part_change", args=[vision.pk, "goal", goal.pk])
    assert sam.post(url, first).status_code == 302
    second = {**first, f"{prefix}-title": "Exempel: Stöd till grannar"}
    response = sam.post(url, second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this part while you were writing" in page
    assert "Exempel: Stöd till grannar" in page  # what the second one wrote
    goal.refresh_from_db()
    assert goal.title == "Exempel: Stöd i hela länet"


def test_a_foundation_is_added_changed_and_removed(sam, coordinator, vision):
    response = sam.post(
        _add(vision, "foundation"),
        {"foundation-new-title": "Samverkan", "foundation-new-text": "Text"},
    )
    assert response.status_code == 302
    foundation = vision.foundations.get(title="Samverkan")
    assert foundation.position == 1  # after the one there was
    assert foundation.history.first().history_user == coordinator

    prefix = f"foundation-{foundation.pk}"
    response = sam.post(
        reverse("targets:part_change", args=[vision.pk, "foundation", foundation.pk]),
        {
            f"{prefix}-title": "Samverkan i regionen",
            f"{prefix}-position": "0",
            f"{prefix}-base": _base("foundation", foundation, vision),
        },
    )
    assert response.status_code == 302
    foundation.refresh_from_db()
    assert foundation.title == "Samverkan i regionen" and foundation.position == 0

    response = sam.post(
        reverse("targets:part_remove", args=[vision.pk, "foundation", foundation.pk])
    )
    assert response.status_code == 302
    assert not Foundation.objects.filter(pk=foundation.pk).exists()
    deleted = Foundation.history.filter(id=foundation.pk).first()
    assert deleted.history_type == "-" and deleted.history_user == coordinator


def test_a_goal_without_title_shows_the_error_in_place(sam, vision):
    response = sam.post(_add(vision, "goal"), {"goal-new-title": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert vision.goals.count() == 2


def test_a_goal_is_added_and_moved_first(sam, vision):
    sam.post(
        _add(vision, "goal"),
        {
            "goal-new-title": "Exempel: Övning",
            "goal-new-position": "",
            "goal-new-ambition": "",
        },
    )
    goal = vision.goals.get(title="Exempel: Övning")
    assert goal.position == 2
    prefix = f"goal-{goal.pk}"
    sam.post(
        reverse("targets:part_change", args=[vision.pk, "goal", goal.pk]),
        {
            f"{prefix}-title": goal.title,
            f"{prefix}-ambition": "Öva",
            f"{prefix}-position": "",
            f"{prefix}-base": _base("goal", goal, vision),
        },
    )
    goal.refresh_from_db()
    assert goal.position == 2 and goal.ambition == "Öva"  # empty keeps the place


def test_a_milestone_with_a_goal_of_this_vision_only(sam, vision):
    goal = vision.goals.first()
    response = sam.post(
        _add(vision, "milestone"),
        {
            "milestone-new-title": "Stödöverenskommelse",
            "milestone-new-due_date": "2024-06-30",
            "milestone-new-status": "planned",
            "milestone-new-goal": str(goal.pk),
        },
    )
    assert response.status_code == 302
    milestone = vision.milestones.get()
    assert milestone.goal == goal

    other = Vision.objects.create(
        title="Annan", start_year=2019, end_year=2022, aim="Annat"
    )
    foreign = Goal.objects.create(vision=other, title="Främmande mål")
    prefix = f"milestone-{milestone.pk}"
    response = sam.post(
        reverse("targets:part_change", args=[vision.pk, "milestone", milestone.pk]),
        {
            f"{prefix}-title": "Stödöverenskommelse",
            f"{prefix}-due_date": "2024-06-30",
            f"{prefix}-status": "done",
            f"{prefix}-goal": str(foreign.pk),
            f"{prefix}-base": _base("milestone", milestone, vision),
        },
    )
    assert response.status_code == 400
    milestone.refresh_from_db()
    assert milestone.goal == goal and milestone.status == "planned"
    # A milestone of another vision is not found through this one.
    elsewhere = Milestone.objects.create(
        vision=other, title="X", due_date=datetime.date(2020, 1, 1)
    )
    response = sam.post(
        reverse("targets:part_remove", args=[vision.pk, "milestone", elsewhere.pk])
    )
    assert response.status_code == 404


def test_a_version_gets_the_next_number(sam, coordinator, vision):
    response = sam.post(
        _add(vision, "version"),
        {
            "version-new-kind": "revised",
            "version-new-date": "2025-02-01",
            "version-new-decided_by": "Regionala chefsgruppen",
            "version-new-note": "Reviderade milstolpar",
        },
    )
    assert response.status_code == 302
    version = vision.versions.get(number=2)
    assert version.kind == VisionVersion.Kind.REVISED
    assert version.history.first().history_user == coordinator


def test_a_bilaga_is_uploaded_and_removed(sam, coordinator, vision):
    upload = SimpleUploadedFile("Handlingsplan 2024.pdf", PDF_BYTES, "application/pdf")
    response = sam.post(
        _add(vision, "document"),
        {"document-new-title": "Handlingsplan", "document-new-file": upload},
    )
    assert response.status_code == 302
    document = vision.documents.get(title="Handlingsplan")
    assert document.original_name == "Handlingsplan 2024.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert document.position == 1
    assert document.file.read() == PDF_BYTES
    assert document.history.first().history_user == coordinator

    response = sam.post(
        reverse("targets:part_remove", args=[vision.pk, "document", document.pk])
    )
    assert response.status_code == 302
    assert not VisionDocument.objects.filter(pk=document.pk).exists()


def test_a_file_that_is_not_what_it_says_is_refused(sam, vision):
    upload = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00program", "application/pdf")
    response = sam.post(
        _add(vision, "document"),
        {"document-new-title": "Plan", "document-new-file": upload},
    )
    assert response.status_code == 400
    assert "its content is not a PDF file" in response.content.decode()
    assert vision.documents.count() == 1


def test_an_activation_is_logged_and_ended(sam, coordinator, vision):
    response = sam.post(
        _add(vision, "activation"),
        {
            "activation-new-started_on": "2024-05-01",
            "activation-new-level": "strategic",
            "activation-new-reason": "Översvämning",
            "activation-new-requested_by": "Länsstyrelsen",
        },
    )
    assert response.status_code == 302
    activation = Activation.objects.get()
    assert activation.is_ongoing
    page = sam.get(_parts(vision)).content.decode()
    assert "Översvämning" in page and "Ongoing" in page

    end = reverse("targets:activation_end", args=[vision.pk, activation.pk])
    prefix = f"activation-{activation.pk}"
    response = sam.post(end, {f"{prefix}-ended_on": "2024-04-01"})
    assert response.status_code == 400
    assert "The end date cannot be before the start date." in response.content.decode()
    response = sam.post(end, {f"{prefix}-ended_on": "2024-05-20"})
    assert response.status_code == 302
    activation.refresh_from_db()
    assert activation.ended_on == datetime.date(2024, 5, 20)
    assert activation.history.first().history_user == coordinator


# --- who may ----------------------------------------------------------------------------


def test_anyone_else_is_refused_and_nothing_changes(client_en, director, vision):
    client_en.force_login(director)
    for url in (
        reverse("targets:vision_create"),
        reverse("targets:vision_change", args=[vision.pk]),
        _parts(vision),
    ):
        response = client_en.get(url)
        assert response.status_code == 403
        assert (
            "Only an SSR coordinator may change the vision."
            in response.content.decode()
        )
    response = client_en.post(reverse("targets:vision_create"), _new())
    assert response.status_code == 403
    assert not Vision.objects.filter(start_year=2027).exists()
    response = client_en.post(_add(vision, "goal"), {"goal-new-title": "Smygmål"})
    assert response.status_code == 403
    goal = vision.goals.first()
    response = client_en.post(
        reverse("targets:part_remove", args=[vision.pk, "goal", goal.pk])
    )
    assert response.status_code == 403
    assert vision.goals.count() == 2
    response = client_en.post(
        reverse("targets:vision_change", args=[vision.pk]),
        _change(vision, aim="Kapat"),
    )
    assert response.status_code == 403
    vision.refresh_from_db()
    assert vision.aim != "Kapat"


def test_anonymous_goes_to_the_login(client, vision):
    for url in (reverse("targets:vision_create"), _parts(vision)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(_add(vision, "goal"), {"goal-new-title": "Smygmål"})
    assert response.status_code == 302
    assert vision.goals.count() == 2


def test_the_vision_pages_link_to_the_coordinators_pages(sam, client, vision):
    page = sam.get(vision.get_absolute_url()).content.decode()
    assert _parts(vision) in page
    assert reverse("targets:vision_change", args=[vision.pk]) in page
    assert (
        reverse("targets:vision_create")
        in sam.get(reverse("targets:visions")).content.decode()
    )
    client.logout()
    page = client.get(vision.get_absolute_url()).content.decode()
    assert _parts(vision) not in page


def test_the_parts_page_reads_a_fixed_number_of_queries(sam, vision):
    def add_parts(count):
        goal = vision.goals.first()
        for number in range(count):
            Foundation.objects.create(vision=vision, title=f"Grund {number}")
            Milestone.objects.create(
                vision=vision,
                goal=goal,
                title=f"Steg {number}",
                due_date=datetime.date(2024, 1, 1),
            )
            Activation.objects.create(
                started_on=datetime.date(2024, 1, 1), reason=f"Läge {number}"
            )

    add_parts(1)
    with CaptureQueriesContext(connection) as few:
        assert sam.get(_parts(vision)).status_code == 200
    add_parts(5)
    with CaptureQueriesContext(connection) as many:
        assert sam.get(_parts(vision)).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_goal_with_a_follow_up_is_not_removed(sam, vision):
    from targets.models import GoalFollowUp

    goal = vision.goals.first()
    GoalFollowUp.objects.create(goal=goal, year=2023, status="under_way")
    response = sam.post(
        reverse("targets:part_remove", args=[vision.pk, "goal", goal.pk]), follow=True
    )
    assert "has a follow-up recorded and cannot be removed" in response.content.decode()
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_removing_a_part_takes_a_second_step(client_en, vision, coordinator):
    """The page's "Remove" opens a question; the button inside removes."""
    client_en.force_login(coordinator)
    page = client_en.get(reverse("targets:vision_parts", args=[vision.pk])).content
    page = page.decode()
    assert (
        "Remove “Exempel: Lägesbild” from the vision? It stays in the history." in page
    )
    assert "Yes, remove it" in page
