"""The handlingar of a case in a real browser: the worker puts them together while
the official waits on an accessible page, which htmx turns into a link to the
PDF once it is there (issue 9 §3)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import Case
from tests.e2e.helpers import assert_no_axe_violations, log_in
from tests.helpers import run_tasks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_official_waits_for_the_handlingar_and_opens_them(
    page, live_server, demo, js_errors
):
    case = Case.objects.get(
        number="KS 2023/236", board__organisation__municipality_code="0126"
    )
    log_in(page, live_server.url, "handlaggare")
    page.goto(live_server.url + case.get_absolute_url())
    page.get_by_role(
        "link", name="Alla handlingar i en PDF (tjänsteskrivelse och bilagor)"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Handlingarna för KS 2023/236 sätts ihop"
    )
    status = page.get_by_role("status")
    expect(status).to_contain_text("PDF-filen sätts ihop.")
    assert_no_axe_violations(page)
    assert run_tasks() >= 1  # the worker, here in the test's process
    # htmx asks again every two seconds and says when it is ready.
    expect(status).to_contain_text("PDF-filen är klar.", timeout=10_000)
    link = status.get_by_role("link", name="Öppna PDF-filen")
    expect(link).to_have_attribute(
        "href", reverse("cases:handlingar-pdf", args=[case.pk])
    )
    assert_no_axe_violations(page)
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    js_errors.assert_none()
