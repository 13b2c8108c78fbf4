import datetime

import pytest

from cases.models import JournalEntry, Secrecy


@pytest.fixture
def entries(public_case, make_entry):
    """An incoming public letter and a secret memo in Huddinge's public case."""
    return [
        make_entry(
            public_case,
            1,
            direction=JournalEntry.Direction.INCOMING,
            received_date=datetime.date(2023, 3, 21),
            counterpart="Länsstyrelsen i Stockholms län",
            subject="Förslag till målbild",
        ),
        make_entry(
            public_case,
            2,
            subject="Riskbedömning",
            secrecy=Secrecy.SECRET,
            secrecy_reference="OSL 18 kap. 13 §",
        ),
    ]


def test_anonymous_lists_only_the_public_entries_of_a_public_case(
    client, public_case, entries
):
    response = client.get(f"/api/cases/{public_case.pk}/entries/")

    assert response.status_code == 200
    [entry] = response.json()["results"]
    assert entry["number"] == "KS 2023/236-1"
    assert entry["counterpart"] == "Länsstyrelsen i Stockholms län"
    assert entry["received_date"] == "2023-03-21"
    assert "secrecy_reference" not in entry


def test_anonymous_gets_404_for_a_secret_entry(client, public_case, entries):
    response = client.get(f"/api/cases/{public_case.pk}/entries/2/")

    assert response.status_code == 404


def test_official_of_the_case_organisation_sees_every_entry(
    client, alice, public_case, entries
):
    client.force_login(alice)

    results = client.get(f"/api/cases/{public_case.pk}/entries/").json()["results"]

    assert [entry["serial"] for entry in results] == [1, 2]
    assert results[1]["secrecy_reference"] == "OSL 18 kap. 13 §"


def test_entry_is_looked_up_by_its_serial(client, alice, public_case, entries):
    client.force_login(alice)

    response = client.get(f"/api/cases/{public_case.pk}/entries/2/")

    assert response.json()["number"] == "KS 2023/236-2"


def test_entries_of_a_secret_case_answer_404_to_another_organisation(
    client, charlie, secret_case, make_entry
):
    make_entry(secret_case, 1)
    client.force_login(charlie)

    for path in ("entries/", "entries/1/"):
        response = client.get(f"/api/cases/{secret_case.pk}/{path}")
        assert response.status_code == 404
        assert "detail" in response.json()


def test_case_links_to_its_entries(client, public_case, entries):
    case = client.get(f"/api/cases/{public_case.pk}/").json()

    response = client.get(case["entries_url"])

    assert response.json()["count"] == 1


def test_post_to_entries_is_refused_with_405(client, alice, public_case):
    client.force_login(alice)

    response = client.post(f"/api/cases/{public_case.pk}/entries/", {})

    assert response.status_code == 405


@pytest.mark.parametrize("size", [2, 9])
def test_entry_list_takes_a_fixed_number_of_queries(
    client, public_case, make_entry, django_assert_num_queries, size
):
    for serial in range(1, size + 1):
        make_entry(public_case, serial)

    with django_assert_num_queries(3):  # case, count, page
        response = client.get(f"/api/cases/{public_case.pk}/entries/")

    assert response.json()["count"] == size
