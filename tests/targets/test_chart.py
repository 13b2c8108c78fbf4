"""The progress chart of the follow-up (targets/chart.py): its data and its SVG."""

import re
from xml.etree import ElementTree

import pytest
from django.utils import translation

from targets import services
from targets.chart import NO_DATA, follow_up_chart_model, follow_up_svg
from targets.models import GoalFollowUp

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english():
    """The chart's texts in English (Swedish is added by the translators)."""
    with translation.override("en"):
        yield


@pytest.fixture
def recorded(vision, coordinator):
    support, communication = vision.goals.all()
    for goal, year, status in [
        (support, 2023, "under_way"),
        (support, 2024, "reached"),
        (communication, 2023, "not_started"),
        (communication, 2025, "at_risk"),
    ]:
        services.follow_up_set(goal=goal, year=year, status=status, user=coordinator)
    return vision


@pytest.fixture
def chart(recorded):
    return follow_up_chart_model(services.follow_up_chart(recorded))


def test_the_chart_has_a_row_per_goal_and_a_cell_per_year(chart):
    assert chart.years == (2023, 2024, 2025, 2026)
    assert [row.title for row in chart.rows] == [
        "Exempel: Stöd",
        "Exempel: Kommunikation",
    ]
    assert [row.number for row in chart.rows] == [1, 2]
    assert all(len(row.cells) == 4 for row in chart.rows)


def test_the_cells_match_the_recorded_statuses(chart):
    assert [cell.status for cell in chart.rows[0].cells] == [
        "under_way",
        "reached",
        NO_DATA,
        NO_DATA,
    ]
    assert [cell.status for cell in chart.rows[1].cells] == [
        "not_started",
        NO_DATA,
        "at_risk",
        NO_DATA,
    ]


def test_the_labels_are_the_statuses_and_no_data_for_a_year_not_recorded(chart):
    labels = [cell.label for cell in chart.rows[0].cells]
    assert labels == ["Under way", "Reached", "No data", "No data"]
    assert chart.rows[1].cells[2].label == "At risk"


def test_the_description_says_every_cell_in_words(chart):
    text = chart.description
    assert "Goal 1, Exempel: Stöd: 2023 Under way; 2024 Reached; 2025 No data" in text
    assert "Goal 2, Exempel: Kommunikation: 2023 Not started" in text


def _svg(chart, **kwargs):
    return ElementTree.fromstring(str(follow_up_svg(chart, **kwargs)))


def test_the_svg_is_an_image_with_a_title_and_a_description(chart):
    root = _svg(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "follow-up-chart-title follow-up-chart-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == "Progress of the goals 2023–2026"
    assert title.get("id") == "follow-up-chart-title"
    assert "2024 Reached" in desc.text


def test_each_cell_of_the_svg_shows_its_status_as_a_pattern_and_a_label(chart):
    root = _svg(chart)
    cells = [
        g for g in root.iter(f"{SVG}g") if g.get("class") == "follow-up-chart__cell"
    ]
    assert len(cells) == 8
    drawn = {
        (int(g.get("data-year")), g.get("data-status")): (
            g.find(f"{SVG}rect").get("fill"),
            g.find(f"{SVG}text").text,
        )
        for g in cells
    }
    assert drawn[(2023, "under_way")] == ("url(#follow-up-chart-stripes)", "Under way")
    assert drawn[(2024, "reached")][1] == "Reached"
    assert drawn[(2025, "at_risk")] == ("url(#follow-up-chart-crosses)", "At risk")
    assert drawn[(2026, NO_DATA)] == ("url(#follow-up-chart-dots)", "No data")


def test_every_status_has_its_own_look(chart):
    root = _svg(chart)
    legend = [
        g for g in root.iter(f"{SVG}g") if g.get("class") == "follow-up-chart__legend"
    ]
    looks = {
        g.get("data-status"): (
            g.find(f"{SVG}rect").get("fill"),
            g.find(f"{SVG}rect").get("stroke-dasharray"),
        )
        for g in legend
    }
    assert set(looks) == {*GoalFollowUp.Status.values, NO_DATA}
    assert len(set(looks.values())) == len(looks)
    assert [g.find(f"{SVG}text").text for g in legend] == [
        "Not started",
        "Under way",
        "Reached",
        "At risk",
        "No data",
    ]


def test_the_patterns_are_defined_under_the_prefix(chart):
    markup = str(follow_up_svg(chart, id_prefix="report"))
    ids = set(re.findall(r'id="([^"]+)"', markup))
    used = set(re.findall(r"url\(#([^)]+)\)", markup))
    assert used <= ids
    assert all(name.startswith("report-") for name in ids)


def test_text_in_the_svg_is_escaped(vision, coordinator):
    goal = vision.goals.first()
    goal.title = "<script>alert(1)</script> & co"
    goal.save()
    chart = follow_up_chart_model(services.follow_up_chart(vision))
    markup = str(follow_up_svg(chart))
    assert "<script>" not in markup
    ElementTree.fromstring(markup)  # still well-formed


def test_a_vision_without_goals_draws_an_empty_chart(vision):
    vision.goals.all().delete()
    chart = follow_up_chart_model(services.follow_up_chart(vision))
    assert chart.rows == ()
    root = _svg(chart)
    assert root.find(f"{SVG}desc").text == "The vision has no goals yet."
