"""The demo's beredningsgång: KS 2024/87 through Huddinge's arbetsutskott, the
styrelse and the fullmäktige, with a decision and adjusted minutes, so a
protokollsutdrag, at each step (ssr_portal/demo_path.py)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from cases.models import Case, Decision
from members.models import Board, User
from ssr_portal.demo_path import PATH_PROPOSAL

pytestmark = pytest.mark.django_db


def test_the_demo_case_goes_through_three_bodies(settings, capsys, client):
    settings.DEBUG = True
    call_command("load_demo")
    boards = Board.objects.filter(organisation__municipality_code="0126")
    assert {board.prefix: board.name for board in boards} == {
        "KS": "Kommunstyrelsen",
        "KSAU": "Kommunstyrelsens arbetsutskott",
        "KF": "Kommunfullmäktige",
    }
    case = Case.objects.get(number="KS 2024/87")
    steps = list(case.consultations.order_by("position"))
    assert [step.board.prefix for step in steps] == ["KSAU", "KS", "KF"]
    assert all(step.is_done for step in steps)
    assert all(step.item.meeting.is_adjusted and step.item.paragraph for step in steps)
    kinds = [step.decision.kind for step in steps]
    assert kinds == [
        Decision.Kind.PROPOSE,
        Decision.Kind.PROPOSE,
        Decision.Kind.APPROVE,
    ]
    assert steps[1].decision.text == (
        f"Kommunstyrelsen föreslår Kommunfullmäktige besluta att\n{PATH_PROPOSAL}"
    )
    assert steps[2].decision.text == PATH_PROPOSAL
    assert case.status == Case.Status.ADJUSTED  # ready to be dispatched

    client.force_login(User.objects.get(username="sekreterare"))
    page = client.get(case.get_absolute_url()).content.decode()
    for step in steps:
        url = reverse(
            "cases:extract-pdf", args=[step.item.meeting_id, step.item.paragraph]
        )
        assert url in page
        assert client.get(url)["Content-Type"] == "application/pdf"
