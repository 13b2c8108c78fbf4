import csv
import io

import pytest
from django.urls import reverse

from tests.helpers import use_language

URL = reverse("members:costs")
CSV_URL = reverse("members:costs-csv")


def test_the_cost_page_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_cost_page_shows_the_form_with_the_latest_complete_year(
    client, alice, county
):
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial == {"year": 2017}
    assert b'<label class="ds-label" for="id_total">' in response.content
    assert b"<table" not in response.content


def test_the_cost_page_shows_both_tables_and_their_totals(
    client, alice, county, other_members
):
    client.force_login(alice)
    response = client.get(URL, {"year": "2017", "total": "1 000 000"})
    allocation = response.context["allocation"]
    assert allocation.total == 1000000
    assert allocation.municipalities.amount_total == 500000
    assert allocation.others.amount_total == 500000
    content = response.content.decode()
    assert content.count("<table") == 2
    assert "0126" in content
    assert "Huddinge" in content
    assert "SOS Alarm" in content
    assert "största restmetoden" in content  # how the amounts are rounded


def test_the_cost_page_draws_an_accessible_bar_chart(
    client, alice, county, other_members
):
    client.force_login(alice)
    use_language(client, "en")
    response = client.get(URL, {"year": "2017", "total": "1000000"})
    content = response.content.decode()
    assert content.count('role="img"') == 2
    assert (
        'aria-labelledby="chart-municipalities-title chart-municipalities-desc"'
        in content
    )
    assert '<title id="chart-municipalities-title">' in content
    assert '<desc id="chart-municipalities-desc">' in content
    # The largest bar is full width and carries its amount as text.
    assert 'width="100.00%"' in content
    assert "206,169 kr</text>" in content


@pytest.mark.parametrize(
    ("total", "message"),
    [
        ("-5", "must not be negative"),
        ("abc", "whole number of kronor"),
        ("1000,50", "whole kronor"),
        ("", "Enter the total cost"),
    ],
)
def test_a_bad_total_is_shown_in_the_page_not_as_an_error(
    client, alice, county, total, message
):
    client.force_login(alice)
    use_language(client, "en")
    response = client.get(URL, {"year": "2017", "total": total})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="ds-error-summary"' in content
    assert 'class="ds-validation-message"' in content
    assert 'aria-describedby="id_total_helptext id_total_error"' in content
    assert 'aria-invalid="true"' in content
    assert message in content
    assert response.context["allocation"] is None


def test_a_year_without_populations_names_the_missing_municipalities_in_the_page(
    client, alice, county, other_members
):
    client.force_login(alice)
    use_language(client, "en")
    response = client.get(URL, {"year": "2024", "total": "1000"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    assert "Huddinge kommun" in response.content.decode()


def test_an_incomplete_key_is_warned_about_by_name(
    client, alice, county, other_members
):
    first = other_members[0]
    first.cost_weight = 1
    first.save()
    client.force_login(alice)
    use_language(client, "en")
    response = client.get(URL, {"year": "2017", "total": "1000"})
    content = response.content.decode()
    assert "The cost key is incomplete" in content
    assert "No weight is set for Region Stockholm, SOS Alarm" in content


def test_only_the_coordinator_sees_the_link_to_edit_the_key(client, alice, bob, county):
    key_url = reverse("members:cost-key")
    client.force_login(alice)
    assert key_url not in client.get(URL).content.decode()
    client.force_login(bob)
    assert key_url in client.get(URL).content.decode()


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_size(
    client, alice, county, other_members, django_assert_num_queries
):
    from tests.factories import AgencyFactory

    client.force_login(alice)
    client.get(URL)  # warm up the session
    # user, user's groups, user's organisation, budget years (2), municipalities
    # with populations, other members, the main menu's inbox count
    with django_assert_num_queries(8):
        client.get(URL, {"year": "2017", "total": "1000"})
    AgencyFactory.create_batch(5)
    with django_assert_num_queries(8):
        client.get(URL, {"year": "2017", "total": "1000"})


def test_the_csv_download_has_both_halves_and_a_year_in_its_filename(
    client, alice, county, other_members
):
    client.force_login(alice)
    response = client.get(CSV_URL, {"year": "2017", "total": "1000001"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="kostnadsfordelning-2017.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "part",
        "code",
        "name",
        "population",
        "weight",
        "share_percent",
        "amount_sek",
    ]
    municipal = [row for row in rows[1:] if row[0] == "municipality"]
    others = [row for row in rows[1:] if row[0] == "other_member"]
    assert len(municipal) == 26
    assert len(others) == 3
    assert sum(int(row[6]) for row in municipal) == 500001
    assert sum(int(row[6]) for row in others) == 500000
    assert next(row for row in municipal if row[1] == "0126")[:6] == [
        "municipality",
        "0126",
        "Huddinge",
        "107538",
        "",
        "4.739",
    ]


def test_the_csv_download_with_bad_input_sends_back_to_the_page(client, alice, county):
    client.force_login(alice)
    response = client.get(CSV_URL, {"year": "2017", "total": "-1"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2017&total=-1"


def test_the_csv_download_needs_a_login(client, county):
    response = client.get(CSV_URL, {"year": "2017", "total": "1000"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_cost_page_refuses_post(client, alice):
    client.force_login(alice)
    assert client.post(URL, {"year": "2017", "total": "1000"}).status_code == 405


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_cost_page_renders_in_each_language(
    client, alice, county, other_members, language
):
    client.force_login(alice)
    use_language(client, language)
    response = client.get(URL, {"year": "2017", "total": "1000"})
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_a_key_of_only_zero_weights_is_explained_in_the_page(
    client, alice, county, other_members
):
    for organisation in other_members:
        organisation.cost_weight = 0
        organisation.save()
    client.force_login(alice)
    use_language(client, "en")
    response = client.get(URL, {"year": "2017", "total": "1000"})
    assert response.status_code == 200
    assert response.context["allocation"] is None
    assert "gives every member the weight 0" in response.content.decode()


def test_the_cost_page_is_in_swedish(client, alice, county, other_members):
    client.force_login(alice)
    content = client.get(URL, {"year": "2017", "total": "1000001"}).content.decode()
    assert "<title>Kostnadsfördelning 2017 – SSR-portalen</title>" in content
    assert "Kostnadsfördelning</h1>" in content
    assert "Budgetår" in content and "Total kostnad (kronor)" in content
    assert "Beräkna</button>" in content
    assert "Budgetår 2017: 1\xa0000\xa0001 kronor</h2>" in content
    assert "Kommunerna betalar 500\xa0001 kronor" in content
    assert "kommunernas halva får den extra kronan" in content
    assert "Ladda ner som CSV (kostnadsfordelning-2017.csv)" in content
    for header in ["Kommunkod", "Kommun", "Folkmängd", "Andel (%)", "Belopp (kr)"]:
        assert f">{header}</th>" in content
    assert '<th scope="row">Summa</th>' in content
    assert "Övriga medlemmar</h3>" in content
    assert "lika andel" in content
    assert "206\xa0169 kr</text>" in content  # the chart's largest bar
    assert "Så avrundas beloppen</h2>" in content


def test_a_bad_total_is_explained_in_swedish(client, alice, county):
    client.force_login(alice)
    content = client.get(URL, {"year": "2017", "total": "-5"}).content.decode()
    assert "Rätta följande för att gå vidare</h2>" in content
    assert "Den totala kostnaden får inte vara negativ." in content
