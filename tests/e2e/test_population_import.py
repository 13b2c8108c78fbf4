"""SCB's population figures into the register in a real browser: on the demo, the
SSR coordinator uploads SCB's export on the cost page, checks the preview row by
row and saves it; the budget year after it can then be split."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from members.models import Population
from tests.e2e.helpers import assert_no_axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCB_EXPORT = (
    '"Folkmängd efter region och år"\r\n\r\n"region";"2025"\r\n'
    '"0126 Huddinge";"116 000"\r\n"0127 Botkyrka";"97 000"\r\n'
    '"0999 Påhittad";"1 000"\r\n'
).encode("cp1252")


def test_the_coordinator_uploads_checks_and_saves_scbs_figures(
    page, live_server, demo, js_errors, tmp_path
):
    base = live_server.url
    log_in(page, base, "samordnare")
    page.goto(base + reverse("members:costs"))
    bad = tmp_path / "folkmangd.csv"
    bad.write_bytes(SCB_EXPORT)
    page.get_by_label("Fil med SCB:s folkmängd (CSV)").set_input_files(bad)
    page.get_by_role("button", name="Granska filen").click()
    expect(
        page.get_by_text("Kommunkod 0999 (Påhittad) är ingen kommun i SSR.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Spara siffrorna")).to_have_count(0)
    assert_no_axe_violations(page)

    good = tmp_path / "folkmangd-2025.csv"
    good.write_bytes(SCB_EXPORT.rsplit(b'"0999', 1)[0])
    page.get_by_label("Fil med SCB:s folkmängd (CSV)").set_input_files(good)
    page.get_by_role("button", name="Granska filen").click()
    expect(
        page.get_by_role("heading", name="Granska siffrorna i folkmangd-2025.csv")
    ).to_be_visible()
    assert not Population.objects.filter(year=2025).exists()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara siffrorna").click()
    expect(page.get_by_text("Folkmängden för 2025 är sparad")).to_be_visible()
    assert Population.objects.filter(year=2025).count() == 2
    js_errors.assert_none()
