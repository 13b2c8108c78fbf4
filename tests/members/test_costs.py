"""The pure arithmetic of members.costs: no database."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from members.costs import (
    KeyMode,
    Payer,
    allocate,
    allocate_municipal_half,
    allocate_other_half,
    largest_remainder,
    split_total,
    without_trailing_zeros,
)

POPULATIONS_2016 = [
    43891, 32785, 43293, 42000, 74412, 27406, 107538, 90675, 16615, 85693, 47103,
    26755, 10424, 69386, 32653, 71023, 935619, 94631, 99359, 47750, 78129, 46853,
    11621, 59420, 46274, 27752,
]  # fmt: skip
TOTALS = [0, 1, 2, 3, 25, 26, 27, 99, 1000, 12345, 999999, 1000000, 1000001, 7654321]


def municipalities(populations=POPULATIONS_2016):
    return [
        Payer(code=f"{index:04d}", name=f"Kommun {index}", short_name="", basis=value)
        for index, value in enumerate(populations)
    ]


def others(*weights):
    return [
        Payer(code="", name=f"Medlem {index}", short_name="", basis=weight)
        for index, weight in enumerate(weights)
    ]


@pytest.mark.parametrize("total", TOTALS)
def test_largest_remainder_adds_up_exactly_to_the_total(total):
    assert sum(largest_remainder(total, POPULATIONS_2016)) == total


@pytest.mark.parametrize("total", TOTALS)
def test_largest_remainder_keeps_every_amount_within_one_krona_of_its_exact_share(
    total,
):
    population_sum = sum(POPULATIONS_2016)
    amounts = largest_remainder(total, POPULATIONS_2016)
    for amount, population in zip(amounts, POPULATIONS_2016, strict=True):
        assert abs(amount - Fraction(total * population, population_sum)) < 1


def test_largest_remainder_gives_the_left_over_kronor_to_the_largest_remainders():
    # Exact quotas 10 × 1/6, 10 × 2/6, 10 × 3/6 = 1.67, 3.33, 5: the floors give
    # 1 + 3 + 5 = 9, and the one krona left goes to the remainder 0.67.
    assert largest_remainder(10, [1, 2, 3]) == [2, 3, 5]


def test_largest_remainder_breaks_ties_by_weight_then_position():
    # Quotas 1/3, 4/3, 1/3: all three remainders are 1/3; the larger weight wins.
    assert largest_remainder(2, [1, 4, 1]) == [0, 2, 0]
    # Equal weights: the earlier position wins.
    assert largest_remainder(2, [1, 1, 1]) == [1, 1, 0]


def test_largest_remainder_is_not_the_same_as_rounding_each_share():
    # Rounding each third of 100 gives 33 + 33 + 33 = 99; the method gives 100.
    assert largest_remainder(100, [1, 1, 1]) == [34, 33, 33]


def test_largest_remainder_refuses_weights_that_add_up_to_zero():
    with pytest.raises(ValueError):
        largest_remainder(10, [0, 0])


def test_an_even_total_is_split_in_two_equal_halves():
    assert split_total(1000000) == (500000, 500000)


def test_the_municipal_half_gets_the_extra_krona_of_an_odd_total():
    assert split_total(1000001) == (500001, 500000)
    assert split_total(1) == (1, 0)


@pytest.mark.parametrize("total", TOTALS)
def test_allocation_adds_up_to_the_total_and_each_half_to_its_half(total):
    allocation = allocate(
        budget_year=2017,
        total=total,
        municipalities=municipalities(),
        others=others(None, None, None),
    )
    municipal, other = split_total(total)
    assert allocation.municipalities.amount_total == municipal
    assert allocation.others.amount_total == other
    assert allocation.amount_total == total


def test_municipal_shares_are_in_percent_with_three_decimals():
    part = allocate_municipal_half(
        total=500000, municipalities=municipalities(), year=2016
    )
    stockholm = part.lines[16]
    assert stockholm.share_percent == Decimal("41.234")
    assert stockholm.amount == 206169


def test_a_missing_population_is_an_error_naming_every_municipality_without_one():
    payers = municipalities([1000, None, 2000, None])
    with pytest.raises(ValidationError) as error:
        allocate_municipal_half(total=100, municipalities=payers, year=2022)
    message = error.value.messages[0]
    assert "Kommun 1" in message
    assert "Kommun 3" in message
    assert "Kommun 0" not in message
    assert "2022" in message


def test_a_negative_total_is_refused():
    with pytest.raises(ValidationError):
        allocate(
            budget_year=2017,
            total=-1,
            municipalities=municipalities(),
            others=others(None),
        )


def test_members_without_any_weight_pay_equal_shares():
    part = allocate_other_half(total=500000, others=others(None, None, None, None))
    assert part.mode == KeyMode.EQUAL
    assert [line.amount for line in part.lines] == [125000, 125000, 125000, 125000]
    assert part.unweighted == ()


def test_members_pay_in_proportion_to_their_weights():
    part = allocate_other_half(
        total=1000, others=others(Decimal("1"), Decimal("1.5"), Decimal("2.5"))
    )
    assert part.mode == KeyMode.WEIGHTS
    assert [line.amount for line in part.lines] == [200, 300, 500]


def test_an_unset_weight_counts_as_zero_when_others_are_set_and_is_named():
    part = allocate_other_half(total=1000, others=others(Decimal(3), None, Decimal(1)))
    assert part.mode == KeyMode.PARTIAL
    assert [line.amount for line in part.lines] == [750, 0, 250]
    assert part.unweighted == ("Medlem 1",)


def test_a_key_whose_weights_are_all_zero_is_refused():
    with pytest.raises(ValidationError):
        allocate_other_half(total=1000, others=others(Decimal(0), None))


def test_a_zero_total_gives_zero_to_everyone():
    allocation = allocate(
        budget_year=2017, total=0, municipalities=municipalities(), others=others(None)
    )
    assert {line.amount for line in allocation.municipalities.lines} == {0}
    assert allocation.others.lines[0].amount == 0


def test_a_weight_is_shown_without_trailing_zeros_and_never_in_exponent_form():
    assert str(without_trailing_zeros(Decimal("2.500"))) == "2.5"
    assert str(without_trailing_zeros(Decimal("100.000"))) == "100"
    assert str(without_trailing_zeros(Decimal("0.000"))) == "0"
