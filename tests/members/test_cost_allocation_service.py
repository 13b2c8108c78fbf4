from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from members.costs import KeyMode
from members.models import Population
from members.services import cost_allocation_calculate, cost_budget_years
from tests.factories import OrganisationFactory, PopulationFactory


@pytest.mark.parametrize("total", [0, 1, 3, 1000, 1000000, 1000001, 2345679])
def test_budget_year_2017_adds_up_to_the_total_with_the_real_populations(
    county, other_members, total
):
    allocation = cost_allocation_calculate(budget_year=2017, total=total)
    assert len(allocation.municipalities.lines) == 26
    assert allocation.municipalities.amount_total == total - total // 2
    assert allocation.others.amount_total == total // 2
    assert allocation.amount_total == total


def test_budget_year_2017_uses_the_population_of_31_december_2016(
    county, other_members
):
    allocation = cost_allocation_calculate(budget_year=2017, total=1000000)
    huddinge = next(
        line for line in allocation.municipalities.lines if line.code == "0126"
    )
    assert huddinge.basis == 107538
    assert allocation.municipalities.basis_total == 2269060


def test_each_municipality_pays_within_one_krona_of_its_exact_share(
    county, other_members
):
    allocation = cost_allocation_calculate(budget_year=2017, total=1000000)
    for line in allocation.municipalities.lines:
        exact = Fraction(500000) * int(line.basis) / 2269060
        assert abs(line.amount - exact) < 1


def test_a_year_without_populations_names_the_municipalities_missing(
    county, other_members
):
    # 2024's file holds eight of the 26 values; 2023 holds only Norrtälje.
    with pytest.raises(ValidationError) as error:
        cost_allocation_calculate(budget_year=2024, total=1000)
    message = error.value.messages[0]
    assert "25" in message
    assert "Huddinge kommun" in message
    assert "Norrtälje kommun" not in message


def test_one_missing_municipality_is_named_even_when_the_others_are_there(
    county, other_members
):
    Population.objects.filter(
        year=2016, organisation__municipality_code="0140"
    ).delete()
    with pytest.raises(ValidationError, match="Nykvarns kommun"):
        cost_allocation_calculate(budget_year=2017, total=1000)


def test_the_other_half_follows_the_weights_of_the_key(county, other_members):
    first, second, third = other_members
    first.cost_weight = Decimal(2)
    first.save()
    second.cost_weight = Decimal(1)
    second.save()
    third.cost_weight = Decimal(1)
    third.save()
    allocation = cost_allocation_calculate(budget_year=2017, total=1000000)
    amounts = {line.name: line.amount for line in allocation.others.lines}
    assert amounts == {
        "Länsstyrelsen Stockholm": 250000,
        "Region Stockholm": 125000,
        "SOS Alarm": 125000,
    }


def test_the_network_itself_pays_nothing(county, other_members):
    OrganisationFactory(
        name="Samverkan Stockholmsregionen", kind="natverk", municipality_code=""
    )
    allocation = cost_allocation_calculate(budget_year=2017, total=900)
    assert allocation.others.mode == KeyMode.EQUAL
    assert [line.amount for line in allocation.others.lines] == [150, 150, 150]


def test_the_calculation_reads_the_database_in_two_queries(
    county, other_members, django_assert_num_queries
):
    with django_assert_num_queries(2):
        cost_allocation_calculate(budget_year=2017, total=1000)


def test_budget_years_are_those_with_a_population_for_every_municipality(county):
    assert cost_budget_years() == [2016, 2017]


def test_a_new_municipality_without_figures_makes_no_year_complete(county):
    PopulationFactory(organisation=OrganisationFactory(), year=2016)
    OrganisationFactory()
    assert cost_budget_years() == []
