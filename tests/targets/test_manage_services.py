"""The services behind the coordinator's parts pages (targets/services/manage.py):
who may write, the next number and position, the check against a change made in
between, and the rules that hold whatever page or script calls them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ssr_portal.lib.refusals import StepRefused
from targets import services
from targets.exceptions import VisionConflict
from targets.models import Activation, Foundation, Goal, GoalFollowUp

pytestmark = pytest.mark.django_db


def test_a_version_takes_the_next_number_and_the_user_in_its_history(
    coordinator, vision
):
    version = services.vision_version_add(
        vision=vision,
        user=coordinator,
        kind="revised",
        date=datetime.date(2025, 2, 1),
    )
    assert version.number == 2
    assert version.history.first().history_user == coordinator


def test_a_part_without_position_comes_last(coordinator, vision):
    goal = services.goal_add(
        vision=vision, user=coordinator, title="Nytt mål", ambition=""
    )
    assert goal.position == 2
    first = services.goal_add(
        vision=vision, user=coordinator, title="Först", ambition="", position=0
    )
    assert first.position == 0


def test_anyone_but_the_coordinator_is_refused_and_nothing_changes(director, vision):
    with pytest.raises(PermissionDenied):
        services.foundation_add(vision=vision, user=director, title="X", text="")
    goal = vision.goals.first()
    with pytest.raises(PermissionDenied):
        services.goal_remove(goal=goal, user=director)
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert vision.foundations.count() == 1


def test_a_change_over_someone_elses_is_refused(coordinator, vision):
    foundation = vision.foundations.first()
    base = services.part_fingerprint(foundation)
    services.foundation_change(
        foundation=foundation, user=coordinator, base=base, title="Först", text=""
    )
    with pytest.raises(ValidationError) as refused:
        services.foundation_change(
            foundation=foundation, user=coordinator, base=base, title="Sen", text=""
        )
    assert refused.value.code == "conflict"
    assert Foundation.objects.get(pk=foundation.pk).title == "Först"


def test_an_empty_position_keeps_the_parts_place(coordinator, vision):
    goal = vision.goals.get(position=1)
    changed = services.goal_change(
        goal=goal,
        user=coordinator,
        base=services.part_fingerprint(goal),
        title="Nytt namn",
        ambition="",
        position=None,
    )
    assert (changed.title, changed.position) == ("Nytt namn", 1)


def test_the_service_refuses_to_remove_a_goal_with_a_follow_up(coordinator, vision):
    """The rule is the service's: no page needs to hold it."""
    goal = vision.goals.first()
    GoalFollowUp.objects.create(goal=goal, year=2023, status="under_way")
    with pytest.raises(StepRefused, match="Exempel: Stöd"):
        services.goal_remove(goal=goal, user=coordinator)
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_a_goal_without_follow_up_is_removed_with_the_user_in_its_history(
    coordinator, vision
):
    goal = vision.goals.first()
    services.goal_remove(goal=goal, user=coordinator)
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert Goal.history.filter(id=goal.pk).first().history_user == coordinator


def test_an_activation_ends_once(coordinator):
    activation = services.activation_add(
        user=coordinator, started_on=datetime.date(2024, 1, 1), reason="Storm"
    )
    services.activation_end(
        activation=activation, user=coordinator, ended_on=datetime.date(2024, 1, 5)
    )
    with pytest.raises(StepRefused):
        services.activation_end(
            activation=activation, user=coordinator, ended_on=datetime.date(2024, 2, 1)
        )
    assert Activation.objects.get(pk=activation.pk).ended_on == datetime.date(
        2024, 1, 5
    )


def test_an_activation_cannot_end_before_it_started(coordinator):
    activation = services.activation_add(
        user=coordinator, started_on=datetime.date(2024, 1, 1), reason="Storm"
    )
    with pytest.raises(ValidationError):
        services.activation_end(
            activation=activation, user=coordinator, ended_on=datetime.date(2023, 1, 1)
        )
    assert Activation.objects.get(pk=activation.pk).is_ongoing


def test_a_change_of_the_vision_over_someone_elses_is_refused(coordinator, vision):
    opened = vision.updated_at
    services.vision_update(
        vision=vision, user=coordinator, base_updated_at=opened, aim="Först"
    )
    with pytest.raises(VisionConflict) as refused:
        services.vision_update(
            vision=vision, user=coordinator, base_updated_at=opened, aim="Sen"
        )
    assert refused.value.vision.aim == "Först"
    vision.refresh_from_db()
    assert vision.aim == "Först"
