"""The follow-up's services (targets/services/follow_up.py): a goal's status
per year and the chart's data."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from targets import services
from targets.models import GoalFollowUp

pytestmark = pytest.mark.django_db


def test_follow_up_per_goal_and_year_feeds_the_chart(vision, coordinator, alice):
    stod, kommunikation = vision.goals.all()
    services.follow_up_set(goal=stod, year=2023, status="under_way", user=coordinator)
    services.follow_up_set(goal=stod, year=2024, status="reached", user=coordinator)
    services.follow_up_set(
        goal=kommunikation, year=2024, status="at_risk", comment="Sen", user=coordinator
    )
    services.follow_up_set(
        goal=stod, year=2024, status="reached", comment="Klart", user=coordinator
    )
    assert GoalFollowUp.objects.count() == 3
    with pytest.raises(ValidationError):
        services.follow_up_set(goal=stod, year=2027, status="reached", user=coordinator)
    with pytest.raises(PermissionDenied):
        services.follow_up_set(goal=stod, year=2025, status="reached", user=alice)
    chart = services.follow_up_chart(vision)
    assert chart["years"] == [2023, 2024, 2025, 2026]
    assert chart["goals"][0]["statuses"] == ["under_way", "reached", None, None]
    assert chart["goals"][1]["statuses"] == [None, "at_risk", None, None]
    per_year = {y.year: y.counts for y in chart["per_year"]}
    assert per_year[2024] == {"reached": 1, "at_risk": 1}
