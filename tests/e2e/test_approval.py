"""The approval of a tjänsteskrivelse in a real browser: the official submits the
Målbild case, the kommundirektör returns it with a comment, the official sees the
comment, changes the text and submits again, the kommundirektör approves, and the
document page shows the approval. The pages with the actions panel pass axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.models import ApprovalEvent, Case
from ssr_portal.demo import FRESH_CASE_TITLE
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def malbild(demo) -> Case:
    # The demo's Målbild case is dispatched already: its fresh case is in drafting.
    return Case.objects.get(
        title=FRESH_CASE_TITLE, board__organisation__municipality_code="0126"
    )


def log_out(page: Page, base_url: str) -> None:
    page.context.clear_cookies()


def test_submit_return_resubmit_and_approve(page, live_server, malbild, js_errors):
    base = live_server.url
    case_url = base + malbild.get_absolute_url()
    document_url = base + reverse("cases:document", args=[malbild.pk])

    # The official submits from the case page.
    log_in(page, base, "handlaggare")
    page.goto(case_url)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.get_by_text("Ärendet har skickats för godkännande.")).to_be_visible()
    assert Case.objects.get(pk=malbild.pk).status == "submitted"
    # The editor is frozen now.
    page.goto(base + reverse("cases:document-edit", args=[malbild.pk]))
    expect(page.get_by_text("kan inte ändras nu")).to_be_visible()
    assert_no_axe_violations(page)

    # The kommundirektör returns it with a comment, from the document page.
    log_out(page, base)
    log_in(page, base, "kommundirektor")
    page.goto(document_url)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skicka tillbaka med kommentar").click()
    # Without a comment the form says what is missing and nothing changes.
    expect(page.get_by_text("Skriv vad som ska ändras")).to_be_visible()
    assert Case.objects.get(pk=malbild.pk).status == "submitted"
    page.get_by_label("Kommentar till handläggaren").fill(
        "Lägg till de ekonomiska konsekvenserna."
    )
    page.get_by_role("button", name="Skicka tillbaka med kommentar").click()
    expect(page.get_by_text("Ärendet har skickats tillbaka")).to_be_visible()

    # The official sees the comment, changes the text and submits again.
    log_out(page, base)
    log_in(page, base, "handlaggare")
    page.goto(case_url)
    expect(page.locator("#returned-comment")).to_contain_text(
        "Lägg till de ekonomiska konsekvenserna."
    )
    expect(page.locator("#returned-comment")).to_contain_text("Camilla Broo")
    page.goto(base + reverse("cases:document-edit", args=[malbild.pk]))
    last = page.locator("textarea[name$='-text']").last
    last.fill(last.input_value() + "\n\nKostnaderna ryms i budgeten.")
    page.get_by_role("button", name="Spara").first.click()
    expect(page).to_have_url(document_url)
    expect(page.locator("#returned-comment")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skicka för godkännande").click()
    expect(page.locator("#returned-comment")).to_have_count(0)

    # The biträdande kommundirektör may approve as well; here the kommundirektör.
    log_out(page, base)
    log_in(page, base, "kommundirektor")
    page.goto(document_url)
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_text("Tjänsteskrivelsen är godkänd.")).to_be_visible()
    expect(page.locator("#approval")).to_contain_text("Godkänd av Camilla Broo")
    expect(page.locator("#approval-trail")).to_contain_text(
        "Lägg till de ekonomiska konsekvenserna."
    )
    # The signature block of the preview shows the approval too.
    expect(page.locator(".doc-signature__approved").first).to_contain_text("Godkänd")
    assert_no_axe_violations(page)
    # The page of the return without comment answered 400, as it should.
    js_errors.assert_none(
        expected_failed_load=base + reverse("cases:document-return", args=[malbild.pk])
    )

    assert list(
        ApprovalEvent.objects.filter(case=malbild)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    ) == ["submitted", "returned", "submitted", "approved"]
