"""The justering panel on the meeting page and its POSTs: only the steps the
user may take are shown; a crafted POST is refused with 403 or 409 and a
message, nothing changed."""

import pytest
from django.urls import reverse

from cases.models import ChangeProposal, Decision, JusteringConfirmation
from cases.services import justering as justering_services
from tests.helpers import login_verified, use_language


@pytest.fixture
def sent(jmeeting, decided_item, secretary):
    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)
    return jmeeting


def test_the_secretary_sees_send_and_sends(client, jmeeting, decided_item, secretary):
    login_verified(client, secretary)
    page = client.get(jmeeting.get_absolute_url()).content.decode()
    assert "Send the minutes for adjustment" in page
    assert reverse("cases:minutes-pdf", args=[jmeeting.pk]) in page
    response = client.post(reverse("cases:justering-send", args=[jmeeting.pk]))
    assert response.status_code == 302
    page = client.get(jmeeting.get_absolute_url()).content.decode()
    assert "Adjustment open" in page
    assert "Confirm the minutes" not in page


def test_the_chair_sees_confirm_and_confirms(client, sent, chair):
    login_verified(client, chair)
    page = client.get(sent.get_absolute_url()).content.decode()
    assert "Confirm the minutes" in page
    assert "Send the minutes for adjustment" not in page
    client.post(reverse("cases:justering-confirm", args=[sent.pk]))
    assert JusteringConfirmation.objects.filter(user=chair).count() == 1
    page = client.get(sent.get_absolute_url()).content.decode()
    assert "Confirm the minutes" not in page
    assert "Jan Justerare has not confirmed yet" in page


def test_a_second_confirmation_is_refused_with_409(client, sent, chair):
    login_verified(client, chair)
    client.post(reverse("cases:justering-confirm", args=[sent.pk]))
    response = client.post(reverse("cases:justering-confirm", args=[sent.pk]))
    assert response.status_code == 409
    assert "already confirmed" in response.content.decode()
    assert JusteringConfirmation.objects.filter(user=chair).count() == 1


def test_a_crafted_confirmation_by_the_secretary_is_refused_with_403(
    client, sent, secretary
):
    login_verified(client, secretary)
    page = client.get(sent.get_absolute_url()).content.decode()
    assert "Confirm the minutes" not in page
    response = client.post(reverse("cases:justering-confirm", args=[sent.pk]))
    assert response.status_code == 403
    assert "You kept these minutes as secretary" in response.content.decode()
    assert not JusteringConfirmation.objects.exists()


def test_a_proposal_by_post_and_its_answer(
    client, sent, decided_item, adjuster, secretary
):
    login_verified(client, adjuster)
    client.post(
        reverse("cases:justering-propose", args=[sent.pk, decided_item.pk]),
        {"text": "Rätta stavningen."},
    )
    proposal = ChangeProposal.objects.get()
    login_verified(client, secretary)
    page = client.get(sent.get_absolute_url()).content.decode()
    assert "Accept the change" in page
    client.post(
        reverse("cases:justering-decide", args=[sent.pk, proposal.pk]),
        {"answer": "accept", "note": "Rättat.", "new_text": "Ny beslutstext."},
    )
    proposal.refresh_from_db()
    assert proposal.status == ChangeProposal.Status.ACCEPTED
    assert Decision.objects.get(item=decided_item).text == "Ny beslutstext."


def test_a_proposal_by_someone_else_is_refused_with_403(
    client, sent, decided_item, bob
):
    login_verified(client, bob)
    response = client.post(
        reverse("cases:justering-propose", args=[sent.pk, decided_item.pk]),
        {"text": "Ändra."},
    )
    assert response.status_code == 403
    assert not ChangeProposal.objects.exists()


def test_the_adjusted_meeting_shows_who_confirmed(client, sent, chair, adjuster):
    for person in (chair, adjuster):
        login_verified(client, person)
        client.post(reverse("cases:justering-confirm", args=[sent.pk]))
    page = client.get(sent.get_absolute_url()).content.decode()
    assert "Minutes adjusted" in page
    assert "Ulla Ordförande (Chair) confirmed on" in page
    assert "Propose the change" not in page


def test_a_nul_byte_in_a_proposal_and_its_answer_is_dropped_not_a_500(
    client, sent, decided_item, adjuster, secretary
):
    """Issue 10: a NUL byte in a change proposal was written raw (a 500 on
    PostgreSQL, which cannot store it)."""
    login_verified(client, adjuster)
    response = client.post(
        reverse("cases:justering-propose", args=[sent.pk, decided_item.pk]),
        {"text": "Rätta\x00 stavningen."},
    )
    assert response.status_code == 302
    proposal = ChangeProposal.objects.get()
    assert proposal.text == "Rätta stavningen."
    login_verified(client, secretary)
    response = client.post(
        reverse("cases:justering-decide", args=[sent.pk, proposal.pk]),
        {"answer": "accept", "note": "Rätt\x00at.", "new_text": "Ny\x00 text."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.note == "Rättat."
    assert Decision.objects.get(item=decided_item).text == "Ny text."


def test_accepting_a_proposal_as_offered_changes_the_decision_text(
    client, sent, decided_item, adjuster, secretary
):
    """The accept box starts from the justerare's wording, not the current text:
    a secretary who accepts as offered changes the minutes (issue 13)."""
    import html
    import re

    login_verified(client, adjuster)
    wording = "Kommunstyrelsen godkänner målbilden för 2023–2026."
    client.post(
        reverse("cases:justering-propose", args=[sent.pk, decided_item.pk]),
        {"text": wording},
    )
    proposal = ChangeProposal.objects.get()
    login_verified(client, secretary)
    page = client.get(sent.get_absolute_url()).content.decode()
    offered = re.search(
        rf'<textarea[^>]*id="new-text-{proposal.pk}"[^>]*>(.*?)</textarea>', page, re.S
    )

    assert html.unescape(offered.group(1)) == wording
    client.post(
        reverse("cases:justering-decide", args=[sent.pk, proposal.pk]),
        {"answer": "accept", "note": "", "new_text": html.unescape(offered.group(1))},
    )
    assert Decision.objects.get(item=decided_item).text == wording


def test_a_proposal_says_who_proposed_it_and_what_waits_not_proposed_twice(
    client, sent, decided_item, adjuster, secretary
):
    """Issue 13: a pending proposal read "Föreslagen av … : Föreslagen"; it
    says who proposed it and that it waits for the secretary, then her answer."""
    login_verified(client, adjuster)
    use_language(client, "sv")
    client.post(
        reverse("cases:justering-propose", args=[sent.pk, decided_item.pk]),
        {"text": "Rätta stavningen."},
    )
    proposal = ChangeProposal.objects.get()
    page = client.get(sent.get_absolute_url())
    text = page.content.decode()
    assert f"Föreslagen av {adjuster}" in text
    assert "Väntar på sekreterarens svar." in text
    assert ": Föreslagen" not in text

    login_verified(client, secretary)
    use_language(client, "sv")
    client.post(
        reverse("cases:justering-decide", args=[sent.pk, proposal.pk]),
        {"answer": "reject", "note": "Texten är rätt.", "new_text": ""},
    )
    text = client.get(sent.get_absolute_url())
    answered = text.content.decode()
    assert "Avslagen av sekreteraren." in answered and "Texten är rätt." in answered
