"""GET /cases/<pk>/ (cases:detail): details, documents, history, who sees what."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Secrecy
from cases.services import case_update, journal_entry_register

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_registration_details(client, alice, case):
    case_update(case=case, user=alice, follow_up_date=datetime.date(2030, 1, 15))
    client.force_login(alice)
    response = client.get(case.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    for text in [
        "KS 2023/1",
        "Målbild Samverkan Stockholmsregionen 2023-2026",
        "Kommunstyrelsen, Huddinge kommun",
        "Information",
        str(alice),
        "2023-03-20",
        "2030-01-15",
    ]:
        assert text in page


def test_the_page_lists_the_registered_documents(client, alice, entry):
    client.force_login(alice)
    page = client.get(entry.case.get_absolute_url()).content.decode()
    assert "KS 2023/1-1" in page
    assert "Målbild 2023-2026 från regionala chefsgruppen" in page
    assert "Samverkan Stockholmsregionen" in page
    assert "2023-03-13" in page


def test_the_history_shows_who_changed_which_field_from_what_to_what(
    client, alice, registrar, case
):
    case_update(
        case=case,
        user=registrar,
        title="Målbild SSR 2023–2026",
        secrecy=Secrecy.PARTLY_SECRET,
        secrecy_reference="OSL 18 kap. 13 §",
        handler=registrar,
    )
    client.force_login(alice)
    response = client.get(case.get_absolute_url())
    history = response.context["history"]
    assert [event.action for event in history] == ["Changed", "Created"]
    assert history[0].user == registrar
    changes = {change.label: (change.old, change.new) for change in history[0].changes}
    assert changes == {
        "Title": (
            "Målbild Samverkan Stockholmsregionen 2023-2026",
            "Målbild SSR 2023–2026",
        ),
        "Secrecy": ("Public", "Partly secret"),
        "OSL paragraph": (None, "OSL 18 kap. 13 §"),
        "Case officer": (str(alice), str(registrar)),
    }
    page = response.content.decode()
    assert "<strong>Secrecy</strong>" in page
    assert "Partly secret" in page
    assert str(registrar) in page


def test_the_history_includes_the_documents(client, alice, entry):
    client.force_login(alice)
    history = client.get(entry.case.get_absolute_url()).context["history"]
    assert "Document KS 2023/1-1" in [event.subject for event in history]


def test_an_outsider_does_not_see_a_secret_case(client, charlie, secret_case):
    client.force_login(charlie)
    assert client.get(secret_case.get_absolute_url()).status_code == 404


def test_an_outsider_sees_a_public_case_but_not_what_its_secret_documents_hold(
    client, alice, charlie, case
):
    journal_entry_register(
        case=case,
        direction="incoming",
        subject="Sårbarheter i elförsörjningen",
        counterpart="Försvarsmakten",
        document_date=datetime.date(2023, 3, 1),
        received_date=datetime.date(2023, 3, 2),
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 15 kap. 2 §",
        registered_by=alice,
    )
    client.force_login(charlie)
    response = client.get(case.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "KS 2023/1-1" in page
    assert "Sårbarheter" not in page
    assert "Försvarsmakten" not in page
    assert "Withheld" in page
    # The outsider may not change the case, so the page offers no way to.
    assert reverse("cases:edit", args=[case.pk]) not in page


def test_colleagues_of_the_organisation_see_the_secret_case(client, bob, secret_case):
    client.force_login(bob)
    response = client.get(secret_case.get_absolute_url())
    assert response.status_code == 200
    assert reverse("cases:edit", args=[secret_case.pk]) not in response.content.decode()


def test_the_page_needs_a_login(client, case):
    assert client.get(case.get_absolute_url()).status_code == 302


def test_a_case_that_does_not_exist_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("cases:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("changes", [1, 12])
def test_the_page_takes_the_same_number_of_queries_however_long_the_history(
    client, alice, registrar, case, changes, django_assert_num_queries
):
    for number in range(changes):
        case_update(case=case, user=alice, title=f"Titel {number}", handler=registrar)
        case_update(case=case, user=alice, handler=alice)
        journal_entry_register(
            case=case,
            direction="internal",
            subject=f"Handling {number}",
            document_date=datetime.date(2023, 3, 20),
            registered_by=registrar,
        )
    client.force_login(alice)
    # user, case, case history, document history, roles, organisation (header),
    # documents, approval trail, meetings (agenda items), the preparation path and
    # the bodies its form offers; the main menu's inbox count
    with django_assert_num_queries(12):
        assert client.get(case.get_absolute_url()).status_code == 200


def test_the_page_refuses_post(client, alice, case):
    client.force_login(alice)
    assert client.post(case.get_absolute_url()).status_code == 405
