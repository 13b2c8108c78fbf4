"""The minutes, the protokollsutdrag and the kallelse are stored and reused
while their HTML stays the same (cases/services/minutes.py `meeting_pdf`, through
the PDF cache ssr_portal/lib/pdf_cache.py)."""

import hashlib
import io
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Secrecy
from cases.services import justering as justering_services
from cases.services import meetings as meeting_services
from cases.services.kallelse import meeting_documents_pdf
from cases.services.minutes import meeting_pdf
from ssr_portal.lib import pdf_cache
from ssr_portal.models import CachedPdf

RENDER = "ssr_portal.lib.pdf_cache.html_to_pdf"


def _fake_pdf(html: str) -> bytes:
    """A stand-in for WeasyPrint: a 'PDF' that differs with its HTML."""
    return b"%PDF-" + hashlib.sha256(html.encode()).hexdigest().encode()


@pytest.fixture
def render():
    with mock.patch(RENDER, side_effect=_fake_pdf) as render:
        yield render


@pytest.fixture
def urls(jmeeting, decided_item):
    return {
        "minutes": reverse("cases:minutes-pdf", args=[jmeeting.pk]),
        # § 1: the § the item gets when the minutes are sent for justering.
        "extract": reverse("cases:extract-pdf", args=[jmeeting.pk, 1]),
        "kallelse": reverse("cases:kallelse-pdf", args=[jmeeting.pk]),
    }


@pytest.mark.parametrize("kind", ["minutes", "extract", "kallelse"])
def test_a_second_download_reuses_the_stored_pdf(
    client, alice, jmeeting, secretary, urls, render, kind
):
    if kind == "extract":  # an extract needs its §
        justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    client.force_login(alice)
    first = client.get(urls[kind])
    second = client.get(urls[kind])
    assert first.status_code == second.status_code == 200
    assert render.call_count == 1
    assert first.content == second.content
    stored = CachedPdf.objects.get()
    assert stored.scope.split(":")[2] == kind
    assert stored.file.name.startswith("minutes/pdf/")


def test_the_stored_minutes_serve_another_reader_who_sees_the_same(
    client, alice, chair, urls, render
):
    client.force_login(alice)
    client.get(urls["minutes"])
    client.force_login(chair)
    client.get(urls["minutes"])
    assert render.call_count == 1


def test_an_accepted_change_of_the_decision_text_gives_new_minutes(
    client, alice, jmeeting, decided_item, secretary, chair, urls, render
):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    client.force_login(alice)
    before = client.get(urls["minutes"]).content
    extract_before = client.get(urls["extract"]).content
    proposal = justering_services.justering_propose_change(
        item=decided_item, user=chair, text="Skriv 2023–2026 med tankstreck."
    )
    justering_services.justering_decide_proposal(
        proposal=proposal,
        user=secretary,
        accept=True,
        new_text="Kommunstyrelsen noterar informationen om målbilden 2023–2026.",
    )
    after = client.get(urls["minutes"]).content
    extract_after = client.get(urls["extract"]).content
    assert render.call_count == 4
    assert after != before
    assert extract_after != extract_before
    # The PDF before the change is kept beside the new one (pdf_cache.KEEP).
    assert CachedPdf.objects.filter(scope__endswith=":minutes").count() == 2


def test_the_adjusting_gives_new_minutes(
    client, alice, jmeeting, secretary, chair, adjuster, urls, render
):
    client.force_login(alice)
    before = client.get(urls["minutes"]).content
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    justering_services.justering_confirm(meeting=jmeeting, user=chair)
    justering_services.justering_confirm(meeting=jmeeting, user=adjuster)
    after = client.get(urls["minutes"]).content
    assert render.call_count == 2
    assert after != before
    assert client.get(urls["minutes"]).content == after
    assert render.call_count == 2


def test_readers_who_see_other_items_get_their_own_pdf(
    client, alice, charlie, jmeeting, decided_item, make_case, secretary, render
):
    secret = make_case(
        secrecy=Secrecy.SECRET, secrecy_reference="OSL 18 kap. 13 §", title="Hemligt"
    )
    meeting_services.agenda_add(meeting=jmeeting, case=secret, user=secretary)
    url = reverse("cases:kallelse-pdf", args=[jmeeting.pk])
    client.force_login(alice)
    insider = client.get(url).content
    client.force_login(charlie)
    outsider = client.get(url).content
    client.force_login(alice)
    assert client.get(url).content == insider
    assert insider != outsider
    assert render.call_count == 2
    assert CachedPdf.objects.count() == 2


def test_only_the_newest_pdfs_are_kept(jmeeting, render):
    names = []
    for number in range(pdf_cache.KEEP + 2):
        meeting_pdf(
            meeting=jmeeting,
            kind="kallelse",
            html=f"<p>Version {number}</p>",
        )
        names.append(CachedPdf.objects.latest("created_at", "pk").file.name)
    kept = CachedPdf.objects.all()
    assert {stored.file.name for stored in kept} == set(names[2:])
    storage = kept[0].file.storage
    assert not storage.exists(names[0])
    assert not storage.exists(names[1])
    assert all(storage.exists(name) for name in names[2:])


def test_a_stored_file_gone_missing_is_rendered_again(client, alice, urls, render):
    client.force_login(alice)
    client.get(urls["kallelse"])
    stored = CachedPdf.objects.get()
    stored.file.storage.delete(stored.file.name)
    response = client.get(urls["kallelse"])
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert render.call_count == 2
    assert CachedPdf.objects.count() == 1


def test_the_meeting_documents_start_with_the_stored_kallelse(
    client, alice, jmeeting, decided_item, urls
):
    client.force_login(alice)
    with mock.patch(RENDER, wraps=pdf_cache.html_to_pdf) as render:
        kallelse = client.get(urls["kallelse"]).content
        documents = meeting_documents_pdf(jmeeting, alice)
    assert render.call_count == 1  # the case has no report: only the kallelse
    assert PdfReader(io.BytesIO(documents)).pages[0].extract_text() == (
        PdfReader(io.BytesIO(kallelse)).pages[0].extract_text()
    )


def test_a_pdf_name_with_a_quote_or_a_swedish_letter_keeps_a_sound_header():
    """Case numbers follow each board's format: the name cannot break the header."""
    from ssr_portal.lib.http import pdf_response

    response = pdf_response(b"%PDF", 'protokoll-KS "Nämnd".pdf')
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert '"' not in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-cache"
