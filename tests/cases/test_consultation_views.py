"""The beredningsgång on the case page and the decision form that follows the
kind of decision (in Swedish, as the portal speaks)."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Consultation, Decision
from cases.services import meetings as services
from tests.cases.consultation_fixtures import PROPOSAL

Role = Consultation.Role


@pytest.fixture(autouse=True)
def swedish(client, english):
    """These pages in Swedish, the language of the minutes."""
    client.cookies["django_language"] = "sv"


def test_the_case_page_shows_the_path_and_its_state(
    client, path_case, ksau, secretary, justera, signed_meeting
):
    au = signed_meeting(ksau, datetime.date(2023, 4, 3))
    item = services.agenda_add(meeting=au, case=path_case, user=secretary)
    services.decision_record(
        item=item,
        user=secretary,
        kind=Decision.Kind.PROPOSE,
        text="Förslag",
        proposed_to=path_case.board,
    )
    justera(au)
    client.force_login(secretary)
    page = client.get(path_case.get_absolute_url()).content.decode()
    assert "Beredningsgång" in page
    assert "Kommunstyrelsens arbetsutskott" in page
    assert "2023-04-03" in page
    assert "§ 1" in page
    assert "Förslag till annat organ" in page
    assert reverse("cases:extract-pdf", args=[au.pk, 1]) in page
    assert "Näst på tur" in page


def test_an_official_adds_moves_and_removes_steps(client, alice, make_case, ks, kf):
    case = make_case()
    client.force_login(alice)
    url = reverse("cases:path-add", args=[case.pk])
    for board, role in ((kf, Role.DECISION), (ks, Role.PREPARATION)):
        response = client.post(url, {"board": board.pk, "role": role})
        assert response.status_code == 302
        assert response["Location"].endswith("#path")
    ks_step = case.consultations.get(board=ks)
    client.post(
        reverse("cases:path-move", args=[case.pk, ks_step.pk]), {"direction": "up"}
    )
    assert [s.board for s in case.consultations.order_by("position")] == [ks, kf]
    kf_step = case.consultations.get(board=kf)
    client.post(reverse("cases:path-remove", args=[case.pk, kf_step.pk]))
    assert list(case.consultations.values_list("board", flat=True)) == [ks.pk]


def test_a_second_deciding_body_is_refused_with_a_message(client, alice, path_case, ks):
    client.force_login(alice)
    response = client.post(
        reverse("cases:path-add", args=[path_case.pk]),
        {"board": ks.pk, "role": Role.DECISION},
        follow=True,
    )
    assert "Beredningsgången har redan ett beslutande organ." in (
        response.content.decode()
    )
    assert path_case.consultations.count() == 3


def test_a_handled_step_cannot_be_removed_409(
    client, secretary, path_case, ksau, make_meeting
):
    services.agenda_add(
        meeting=make_meeting(board=ksau), case=path_case, user=secretary
    )
    step = path_case.consultations.get(position=1)
    client.force_login(secretary)
    response = client.post(reverse("cases:path-remove", args=[path_case.pk, step.pk]))
    assert response.status_code == 409
    assert "har redan tagit upp ärendet" in response.content.decode()


def test_someone_without_a_case_writing_role_may_not_change_the_path(
    client, bob, charlie, path_case, ks
):
    url = reverse("cases:path-add", args=[path_case.pk])
    for person in (bob, charlie):
        client.force_login(person)
        response = client.post(url, {"board": ks.pk, "role": Role.OPINION})
        assert response.status_code in (403, 404)
    assert path_case.consultations.count() == 3


def test_the_path_needs_post(client, alice, path_case):
    client.force_login(alice)
    assert client.get(reverse("cases:path-add", args=[path_case.pk])).status_code == 405


def test_the_body_of_the_current_step_offers_the_case_on_its_agenda(
    client, secretary, path_case, ksau, ks, make_meeting
):
    client.force_login(secretary)
    au = make_meeting(board=ksau)
    styrelse = make_meeting(board=ks, day=datetime.date(2023, 4, 20))
    assert (
        path_case
        in client.get(au.get_absolute_url()).context["add_form"].fields["case"].queryset
    )
    assert (
        path_case
        not in client.get(styrelse.get_absolute_url())
        .context["add_form"]
        .fields["case"]
        .queryset
    )


@pytest.fixture
def au_item(path_case, ksau, make_meeting, secretary):
    return services.agenda_add(
        meeting=make_meeting(board=ksau), case=path_case, user=secretary
    )


def test_the_decision_form_of_a_preparing_body_starts_from_a_proposal(
    client, secretary, au_item, ks
):
    client.force_login(secretary)
    url = reverse("cases:decision-record", args=[au_item.meeting_id, au_item.pk])
    form = client.get(url).context["form"]
    assert form.initial["kind"] == Decision.Kind.PROPOSE
    assert form.initial["proposed_to"] == ks
    assert form.initial["text"] == (
        f"Kommunstyrelsens arbetsutskott föreslår Kommunstyrelsen besluta att\n{PROPOSAL}"
    )


def test_the_text_follows_the_kind_until_it_is_edited(client, secretary, au_item, ks):
    client.force_login(secretary)
    url = reverse("cases:decision-record", args=[au_item.meeting_id, au_item.pk])
    offered = client.get(url).context["form"].initial["text"]
    response = client.post(
        url,
        {
            "refresh": "1",
            "kind": Decision.Kind.FILE,
            "text": offered.replace("\n", "\r\n"),
            "default_text": offered,
            "proposed_to": ks.pk,
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    filed = "Kommunstyrelsens arbetsutskott beslutar att lägga informationen till handlingarna."
    assert response.context["form"].initial["text"] == filed
    assert filed in response.content.decode()
    assert not Decision.objects.exists()
    # Edited by the secretary: her text stays when the kind changes.
    response = client.post(
        url,
        {
            "refresh": "1",
            "kind": Decision.Kind.APPROVE,
            "text": "Egen text.",
            "default_text": filed,
            "proposed_to": ks.pk,
        },
    )
    assert response.context["form"].initial["text"] == "Egen text."


def test_a_proposal_without_a_body_shows_the_error(client, secretary, au_item):
    client.force_login(secretary)
    url = reverse("cases:decision-record", args=[au_item.meeting_id, au_item.pk])
    response = client.post(url, {"kind": Decision.Kind.PROPOSE, "text": "Förslag"})
    assert response.status_code == 400
    assert "Välj det organ som förslaget går till." in response.content.decode()
    assert not Decision.objects.exists()


def test_the_meeting_page_reads_the_cases_on_a_path_in_fixed_queries(
    client, make_case, ksau, ks, kf, secretary, signed_meeting
):
    """The arbetsutskott's meeting offers the cases whose path comes to it next;
    however many there are, their paths are read in one query."""
    from cases.services import consultations as path_services
    from tests.helpers import login_verified

    meeting = signed_meeting(ksau, datetime.date(2023, 4, 3))
    login_verified(client, secretary)

    def add_path_cases(count):
        for _number in range(count):
            case = make_case()
            for board, role in ((ksau, Role.PREPARATION), (kf, Role.DECISION)):
                path_services.consultation_add(
                    case=case, board=board, role=role, user=secretary
                )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for count in (1, 4):
        add_path_cases(count)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(meeting.get_absolute_url())
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_path_whose_every_step_is_done_offers_no_new_step(
    client, make_case, ks, secretary, justera, signed_meeting
):
    from cases.services import consultations as path_services

    case = make_case()
    path_services.consultation_add(
        case=case, board=ks, role=Role.DECISION, user=secretary
    )
    client.force_login(secretary)
    assert "Lägg till steget" in client.get(case.get_absolute_url()).content.decode()

    meeting = signed_meeting(ks, datetime.date(2023, 4, 12))
    item = services.agenda_add(meeting=meeting, case=case, user=secretary)
    services.decision_record(
        item=item, user=secretary, kind=Decision.Kind.APPROVE, text="Bifall."
    )
    justera(meeting)

    page = client.get(case.get_absolute_url()).content.decode()
    assert "Beredningsgång" in page
    assert "Lägg till steget" not in page
