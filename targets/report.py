"""The yearly follow-up report of a vision as PDF/A, ready to attach to a case.

Rendered through the portal's PDF pipeline (ssr_portal/lib/pdf.py) from
templates/pdf/follow_up.html with the print stylesheets of the other PDFs, in
Swedish (the language of the case it is attached to), with the same progress chart
as the follow-up page (targets/chart.py) inline.

Rendering the HTML takes milliseconds, WeasyPrint takes seconds: the PDF is
stored in the PDF cache (ssr_portal/lib/pdf_cache.py) under the key of its HTML
and reused while the HTML stays the same. Any change to the follow-up, the goals
or the milestones changes the HTML, so nothing has to remember to throw a stored
report away; the older reports of the same vision and year are removed when a
new one is stored.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ssr_portal.lib.pdf import html_to_pdf
from ssr_portal.lib.pdf_cache import cached_pdf, pdf_cache_key

from . import services
from .chart import follow_up_chart_model, follow_up_svg, status_label
from .models import Evidence, Milestone, Vision

logger = logging.getLogger(__name__)

# Part of the key: bump it when the report changes in a way its HTML does not show
# (the stylesheets are not part of the HTML).
REPORT_VERSION = "1"
STORAGE_FOLDER = "visions/reports"
ORGANISATION = "Samverkan Stockholmsregionen"


def report_file_name(vision: Vision, year: int) -> str:
    """What "Save" suggests: uppfoljning-malbild-2023-2026-2024.pdf."""
    return f"uppfoljning-malbild-{vision.start_year}-{vision.end_year}-{year}.pdf"


def follow_up_report_context(
    vision: Vision, year: int, today: datetime.date | None = None
) -> dict:
    """What the report shows: per goal its ambition, the year's status, comment,
    evidence and milestones, and the chart of the period up to the year. Five
    queries."""
    data = services.follow_up_chart(vision)
    # The report of a year shows the period up to that year: an archived report
    # must read the same when later years have been followed up.
    shown = [
        index for index, chart_year in enumerate(data["years"]) if chart_year <= year
    ]
    chart = follow_up_chart_model(
        {
            "years": [data["years"][index] for index in shown],
            "goals": [
                {**entry, "statuses": [entry["statuses"][index] for index in shown]}
                for entry in data["goals"]
            ],
        }
    )
    evidence_by_follow_up: dict[int, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(
        follow_up__goal__vision=vision, follow_up__year=year
    ).select_related("case"):
        evidence_by_follow_up.setdefault(evidence.follow_up_id, []).append(evidence)
    milestones_by_goal: dict[int | None, list[Milestone]] = {}
    for milestone in vision.milestones.filter(due_date__year=year):
        milestones_by_goal.setdefault(milestone.goal_id, []).append(milestone)
    goals = []
    for number, entry in enumerate(data["goals"], start=1):
        goal = entry["goal"]
        follow_up = next((f for f in goal.follow_ups.all() if f.year == year), None)
        goals.append(
            {
                "number": number,
                "goal": goal,
                "follow_up": follow_up,
                "status_label": status_label(follow_up.status if follow_up else None),
                "evidence": evidence_by_follow_up.get(follow_up.pk, [])
                if follow_up
                else [],
                "milestones": milestones_by_goal.get(goal.pk, []),
            }
        )
    return {
        "vision": vision,
        "year": year,
        "today": today or timezone.localdate(),
        "organisation": ORGANISATION,
        "goals": goals,
        "vision_milestones": milestones_by_goal.get(None, []),
        "chart": chart,
        "chart_svg": follow_up_svg(chart, id_prefix="report-chart"),
    }


def follow_up_report_html(
    vision: Vision, year: int, today: datetime.date | None = None
) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "pdf/follow_up.html", follow_up_report_context(vision, year, today)
        )


def _scope(vision_id: int, year: int) -> str:
    return f"follow-up:{vision_id}:{year}"


def follow_up_report_current_keys(scopes: Iterable[str]) -> dict[str, str]:
    """Of these PDF cache scopes ("follow-up:<vision id>:<year>"), the key a
    download of the report reads today (`pdf_cache_key`); a stored report of
    another key is stale (the follow-up changed, or a day passed: the report is
    dated), and one of a vision that is gone has no key. Renders the HTML of
    each report, not the PDF."""
    wanted = set()
    for scope in scopes:
        vision_id, _colon, year = scope.removeprefix("follow-up:").partition(":")
        if vision_id.isdigit() and year.isdigit():
            wanted.add((int(vision_id), int(year)))
    visions = Vision.objects.in_bulk({vision_id for vision_id, _year in wanted})
    current = {}
    for vision_id, year in wanted:
        vision = visions.get(vision_id)
        if vision is not None and year in vision.years:
            scope = _scope(vision_id, year)
            current[scope] = pdf_cache_key(
                scope=scope,
                version=REPORT_VERSION,
                content=follow_up_report_html(vision, year),
            )
    return current


def follow_up_report_pdf(
    vision: Vision, year: int, today: datetime.date | None = None
) -> bytes:
    """The report as PDF/A: the stored one for the same HTML, else a new one.

    1. Render the HTML and key it (`pdf_cache_key`).
    2. A stored file with that key: return it.
    3. Else render with WeasyPrint, store it, and remove the older reports of
       the same vision and year.
    """
    html = follow_up_report_html(vision, year, today)
    return cached_pdf(
        scope=_scope(vision.pk, year),
        folder=f"{STORAGE_FOLDER}/{vision.pk}",
        version=REPORT_VERSION,
        content=html,
        render=lambda: html_to_pdf(html),
        keep=1,  # every reader gets the same PDF: the newest one only
    )
