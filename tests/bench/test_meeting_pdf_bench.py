"""How long the minutes and the målbild's follow-up report take: rendered, and
stored (keyed by the sha256 of their HTML).

    make bench
"""

import pytest

from cases.models import AgendaItem
from cases.services.minutes import minutes_pdf
from members.models import User
from ssr_portal.lib.pdf_cache import pdf_cache_forget
from targets.models import Vision
from targets.report import follow_up_report_pdf
from tests.bench.conftest import ROUNDS, median_seconds

pytestmark = pytest.mark.django_db


def test_minutes_and_follow_up_report_render_and_stored(demo):
    meeting = AgendaItem.objects.get(case=demo.case).meeting
    secretary = User.objects.get(username="sekreterare")
    minutes_render = median_seconds(
        lambda: minutes_pdf(meeting, secretary),
        before=lambda: pdf_cache_forget(scope=f"meeting:{meeting.pk}:minutes"),
    )
    minutes_pdf(meeting, secretary)
    minutes_stored = median_seconds(lambda: minutes_pdf(meeting, secretary))

    vision = Vision.objects.get(start_year=2023)

    def report_unstored() -> None:
        pdf_cache_forget(scope=f"follow-up:{vision.pk}:2024")

    report_render = median_seconds(
        lambda: follow_up_report_pdf(vision, 2024), before=report_unstored
    )
    follow_up_report_pdf(vision, 2024)
    report_stored = median_seconds(lambda: follow_up_report_pdf(vision, 2024))

    rows = [
        ("Minutes of the Målbild meeting, rendered", minutes_render, ""),
        ("Minutes, stored file", minutes_stored, f"{minutes_render / minutes_stored:.0f}×"),
        ("Follow-up report 2024, rendered", report_render, ""),
        ("Follow-up report 2024, stored file", report_stored, f"{report_render / report_stored:.0f}×"),
    ]  # fmt: skip
    print(f"\n\nMedian of {ROUNDS} runs after one warm-up, one process:\n")
    for label, seconds, note in rows:
        print(f"  {label:<58}{seconds * 1000:9.2f} ms  {note}")
    print()
