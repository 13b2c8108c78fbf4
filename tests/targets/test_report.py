"""The yearly follow-up report (targets/report.py): PDF/A with the goals, their
status, evidence and milestones of the year, and the chart; stored and reused."""

import datetime
import io
import re
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from targets import report, services
from targets.models import GoalFollowUp, Milestone

pytestmark = pytest.mark.django_db

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
TODAY = datetime.date(2025, 2, 14)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Stored reports of one test are not found by the next."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def followed(vision, coordinator):
    support, communication = vision.goals.all()
    support.ambition = "Aktörerna ger och tar emot stöd."
    support.save()
    services.follow_up_set(
        goal=support,
        year=2024,
        status="reached",
        comment="Avtal klart.",
        user=coordinator,
    )
    services.follow_up_set(
        goal=communication, year=2024, status="at_risk", user=coordinator
    )
    services.follow_up_set(
        goal=communication, year=2023, status="under_way", user=coordinator
    )
    services.evidence_add(
        follow_up=GoalFollowUp.objects.get(goal=support, year=2024),
        user=coordinator,
        kind="exercise",
        title="Regional övning 2024",
        url="https://example.se/ovning",
    )
    Milestone.objects.create(
        vision=vision,
        goal=support,
        title="Stödöverenskommelse",
        due_date=datetime.date(2024, 6, 30),
        status="done",
    )
    Milestone.objects.create(
        vision=vision,
        goal=support,
        title="Milstolpe ett annat år",
        due_date=datetime.date(2025, 6, 30),
    )
    return vision


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def pdf(followed):
    return report.follow_up_report_pdf(followed, 2024, today=TODAY)


def test_the_report_is_pdf_a(pdf):
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp is not None
    root = ElementTree.fromstring(xmp.stream.get_data())
    claims = {
        (node.get(f"{PDFAID}part"), node.get(f"{PDFAID}conformance"))
        for node in root.iter()
        if node.get(f"{PDFAID}part")
    }
    assert claims == {("3", "B")}


def test_the_report_has_the_header_goals_statuses_and_evidence(pdf):
    text = text_of(pdf)
    assert "Samverkan Stockholmsregionen" in text
    assert "Målbild Samverkan Stockholmsregionen 2023-2026" in text
    assert "2025-02-14" in text
    assert "Exempel: Stöd" in text
    assert "Exempel: Kommunikation" in text
    assert "Aktörerna ger och tar emot stöd." in text
    assert "Avtal klart." in text
    assert "Regional övning 2024" in text
    assert "Stödöverenskommelse" in text
    assert "Milstolpe ett annat år" not in text
    assert "Att tillsammans skapa trygghet" in text


def test_the_report_is_in_swedish_with_the_statuses_as_text(followed):
    html = report.follow_up_report_html(followed, 2024, today=TODAY)
    assert 'lang="sv"' in html
    text = text_of(report.follow_up_report_pdf(followed, 2024, today=TODAY))
    with translation.override("sv"):
        reached = str(GoalFollowUp.Status.REACHED.label)
        at_risk = str(GoalFollowUp.Status.AT_RISK.label)
    assert reached in text
    assert at_risk in text


def test_the_report_carries_the_chart_inline(followed):
    html = report.follow_up_report_html(followed, 2024, today=TODAY)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'role="img"' in html
    assert 'id="report-chart-title"' in html


def test_the_report_of_a_year_is_not_changed_by_later_years(followed, coordinator):
    before = report.follow_up_report_html(followed, 2024, today=TODAY)
    support = followed.goals.first()
    services.follow_up_set(goal=support, year=2025, status="at_risk", user=coordinator)
    assert report.follow_up_report_html(followed, 2024, today=TODAY) == before
    assert (
        "2023–2024" in before
        and "2025" not in before.split("<svg", 1)[1].split("</svg>", 1)[0]
    )


def test_the_report_has_page_numbers(pdf):
    text = text_of(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"1 ({pages})" in text


def test_the_report_is_stored_and_reused_while_nothing_changes(followed, coordinator):
    with mock.patch.object(report, "html_to_pdf", wraps=report.html_to_pdf) as render:
        first = report.follow_up_report_pdf(followed, 2024, today=TODAY)
        again = report.follow_up_report_pdf(followed, 2024, today=TODAY)
        assert render.call_count == 1
        assert again == first
        services.follow_up_set(
            goal=followed.goals.first(),
            year=2024,
            status="under_way",
            user=coordinator,
        )
        report.follow_up_report_pdf(followed, 2024, today=TODAY)
        assert render.call_count == 2


def test_the_view_serves_the_report_to_anyone(client, followed):
    response = client.get(reverse("targets:follow_up_pdf", args=[followed.pk, 2024]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "uppfoljning-malbild-2023-2026-2024.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("year", [2022, 2027])
def test_a_year_outside_the_period_is_404(client, vision, year):
    response = client.get(reverse("targets:follow_up_pdf", args=[vision.pk, year]))
    assert response.status_code == 404
