"""A proposal to another body (föreslå <board> besluta) through the API."""

import json

import pytest

from cases.models import Decision
from cases.services import meetings as meeting_services
from tests.helpers import login_verified

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_a_proposal_names_the_body_it_goes_to(
    client, path_case, ksau, ks, make_meeting, secretary
):
    meeting = make_meeting(board=ksau)
    item = meeting_services.agenda_add(meeting=meeting, case=path_case, user=secretary)
    url = f"/api/meetings/{meeting.pk}/agenda/{item.pk}/decision/"
    login_verified(client, secretary)
    response = _post(client, url, {"kind": "propose", "text": "Förslag."})
    assert response.status_code == 400
    assert "proposed_to" in response.json()
    response = _post(
        client, url, {"kind": "propose", "text": "Förslag.", "proposed_to": ks.pk}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["decision"]["proposed_to"] == ks.pk
    assert Decision.objects.get().proposed_to == ks
