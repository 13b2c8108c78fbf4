"""How SSR's yearly cost is split among its members: pure arithmetic, no database.

The rule (the seed's "Ekonomiska och juridiska konsekvenser"): the county's
municipalities together pay half of the cost, each by its population at the start
of the budget year, i.e. on 31 December of the year before (budget year 2017 uses
the population of 2016). The other half is shared by the other members by the
cost key the SSR-samordnare keeps (`Organisation.cost_weight`):

- no weight set for any of them: equal shares;
- weights set for some: an unset weight counts as 0 (that member pays nothing this
  time) and the allocation lists them in `CostPart.unweighted` so the page can
  warn;
- weights that add up to 0: refused, there is nothing to split by.

Money is whole kronor, computed with int and Decimal arithmetic only (no floats).
Each half is rounded with the largest-remainder method (Hamilton's method, see
`largest_remainder`), so every half adds up exactly and every amount is within
1 krona of its exact share. When the total is odd, the municipalities' half gets
the extra krona: `municipal_half = total - total // 2`.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# share_percent is shown and exported with three decimals (0.001 %).
PERCENT_PLACES = Decimal("0.001")


class KeyMode(enum.StrEnum):
    """How the other members' half was split."""

    POPULATION = "population"  # the municipalities' half
    EQUAL = "equal"  # no weight set for any member: equal shares
    WEIGHTS = "weights"  # every member has a weight
    PARTIAL = "partial"  # some weights unset; unset counts as 0


@dataclass(frozen=True)
class Payer:
    """One member as the computation needs it.

    `basis` is the population (municipalities) or the cost-key weight (the other
    members); None means missing (no population that year, no weight set).
    """

    code: str
    name: str
    short_name: str
    basis: int | Decimal | None
    slug: str = ""


@dataclass(frozen=True)
class CostLine:
    """One payer's part: its basis, its share of its half and the rounded amount."""

    payer: Payer
    basis: Decimal  # what the share was computed from (0 for an unset weight)
    share_percent: Decimal  # exact share of the half, rounded to 0.001 %
    exact_amount: Decimal  # the unrounded amount, to 0.01 kr, for display
    amount: int  # whole kronor after largest-remainder rounding

    @property
    def code(self) -> str:
        return self.payer.code

    @property
    def name(self) -> str:
        return self.payer.name

    @property
    def short_name(self) -> str:
        return self.payer.short_name or self.payer.name


@dataclass(frozen=True)
class CostPart:
    """One half of the cost and how it was split."""

    total: int
    mode: KeyMode
    basis_total: Decimal
    lines: tuple[CostLine, ...]
    unweighted: tuple[str, ...] = ()  # names of members whose unset weight counted 0

    @property
    def amount_total(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass(frozen=True)
class CostAllocation:
    """The whole allocation of a budget year's total."""

    budget_year: int
    total: int
    municipalities: CostPart
    others: CostPart

    @property
    def population_year(self) -> int:
        return population_year(self.budget_year)

    @property
    def amount_total(self) -> int:
        return self.municipalities.amount_total + self.others.amount_total


def population_year(budget_year: int) -> int:
    """The year whose 31 December population serves `budget_year`."""
    return budget_year - 1


def split_total(total: int) -> tuple[int, int]:
    """(municipal half, other half); for an odd total the municipalities' half
    gets the extra krona: 1 000 001 → (500 001, 500 000)."""
    other = total // 2
    return total - other, other


def largest_remainder(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` whole kronor in proportion to non-negative integer `weights`.

    Largest-remainder (Hamilton) rounding:

    1. each weight's exact quota is total × weight / sum(weights);
    2. everyone gets the quota rounded down;
    3. the kronor still missing (fewer than the number of weights) go one each to
       the largest remainders; ties go to the larger weight, then to the earlier
       position, so the result is deterministic.

    The amounts add up to `total` exactly and each differs from its exact quota by
    less than 1 krona. Integer arithmetic only.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    weight_sum = sum(weights)
    if weight_sum == 0:
        if total == 0:
            return [0] * len(weights)
        raise ValueError("weights add up to 0")
    quotas = [divmod(total * weight, weight_sum) for weight in weights]
    amounts = [floor for floor, _remainder in quotas]
    left_over = total - sum(amounts)
    order = sorted(range(len(weights)), key=lambda i: (-quotas[i][1], -weights[i], i))
    for index in order[:left_over]:
        amounts[index] += 1
    return amounts


def without_trailing_zeros(value: Decimal) -> Decimal:
    """A weight as people write it: 2.500 → 2.5, 4.000 → 4 (never 1E+2, which
    Decimal.normalize alone gives for 100)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _as_integers(values: Sequence[Decimal]) -> list[int]:
    """Scale Decimals to integers exactly (1.5 and 2.25 → 150 and 225)."""
    places = max((-value.as_tuple().exponent for value in values), default=0)
    scale = Decimal(10) ** max(places, 0)
    return [int(value * scale) for value in values]


def _names(payers: Sequence[Payer]) -> str:
    return ", ".join(payer.name for payer in payers)


def _split(
    total: int, mode: KeyMode, bases: Sequence[Decimal], payers: Sequence[Payer]
) -> CostPart:
    amounts = largest_remainder(total, _as_integers(bases))
    basis_total = sum(bases, Decimal(0))
    lines = []
    for payer, basis, amount in zip(payers, bases, amounts, strict=True):
        if basis_total:
            share = basis * 100 / basis_total
            exact = Decimal(total) * basis / basis_total
        else:
            share = exact = Decimal(0)
        lines.append(
            CostLine(
                payer=payer,
                basis=basis,
                share_percent=share.quantize(PERCENT_PLACES, ROUND_HALF_EVEN),
                exact_amount=exact.quantize(Decimal("0.01"), ROUND_HALF_EVEN),
                amount=amount,
            )
        )
    return CostPart(total=total, mode=mode, basis_total=basis_total, lines=tuple(lines))


def allocate_municipal_half(
    *, total: int, municipalities: Sequence[Payer], year: int
) -> CostPart:
    """Split the municipalities' `total` by population (see the module docstring).

    `year` is the population year, only for the error message. Raises
    ValidationError naming every municipality without a population.
    """
    if not municipalities:
        raise ValidationError(_("There are no municipalities in the register."))
    missing = [payer for payer in municipalities if payer.basis is None]
    if missing:
        raise ValidationError(
            ngettext(
                "No population on 31 December %(year)s for %(count)s "
                "municipality: %(names)s. SCB's figures for that year must be "
                "imported first (the SSR coordinator does it on the cost page).",
                "No population on 31 December %(year)s for %(count)s "
                "municipalities: %(names)s. SCB's figures for that year must be "
                "imported first (the SSR coordinator does it on the cost page).",
                len(missing),
            ),
            code="missing_population",
            # Formatted by Django, once (a name with "%" in it stays as typed); the
            # params also serve a page that says it in its own words (the vision's
            # cost table).
            params={"year": year, "count": len(missing), "names": _names(missing)},
        )
    bases = [Decimal(payer.basis) for payer in municipalities]
    return _split(total, KeyMode.POPULATION, bases, municipalities)


def allocate_other_half(*, total: int, others: Sequence[Payer]) -> CostPart:
    """Split the other members' `total` by the cost key (see the module docstring)."""
    if not others:
        if total == 0:
            return CostPart(
                total=0, mode=KeyMode.EQUAL, basis_total=Decimal(0), lines=()
            )
        raise ValidationError(
            _(
                "There are no members besides the municipalities to share the other half."
            )
        )
    unset = [payer for payer in others if payer.basis is None]
    if len(unset) == len(others):
        mode = KeyMode.EQUAL
        bases = [Decimal(1)] * len(others)
    else:
        mode = KeyMode.PARTIAL if unset else KeyMode.WEIGHTS
        bases = [Decimal(payer.basis or 0) for payer in others]
        if sum(bases) == 0 and total > 0:
            raise ValidationError(
                _(
                    "The cost key gives every member the weight 0, so the other "
                    "half cannot be split. Set at least one weight above 0."
                ),
                code="empty_key",
            )
    part = _split(total, mode, bases, others)
    if mode is KeyMode.PARTIAL:
        part = replace(part, unweighted=tuple(payer.name for payer in unset))
    return part


def allocate(
    *,
    budget_year: int,
    total: int,
    municipalities: Sequence[Payer],
    others: Sequence[Payer],
) -> CostAllocation:
    """The whole allocation: municipal half by population, other half by the key."""
    if total < 0:
        raise ValidationError(_("The total cost must not be negative."))
    municipal_total, other_total = split_total(total)
    return CostAllocation(
        budget_year=budget_year,
        total=total,
        municipalities=allocate_municipal_half(
            total=municipal_total,
            municipalities=municipalities,
            year=population_year(budget_year),
        ),
        others=allocate_other_half(total=other_total, others=others),
    )


MUNICIPAL_CSV_HEADER = (
    "kommunkod",
    "kommun",
    "population",
    "share_percent",
    "amount_sek",
)
ALLOCATION_CSV_HEADER = (
    "part",
    "code",
    "name",
    "population",
    "weight",
    "share_percent",
    "amount_sek",
)


def municipal_csv_rows(part: CostPart) -> list[tuple[str, ...]]:
    """The municipal half as `manage.py cost_allocation` prints it (header first)."""
    return [MUNICIPAL_CSV_HEADER] + [
        (
            line.code,
            line.short_name,
            str(int(line.basis)),
            str(line.share_percent),
            str(line.amount),
        )
        for line in part.lines
    ]


def allocation_csv_rows(allocation: CostAllocation) -> list[tuple[str, ...]]:
    """Both halves in one table (header first) for the page's CSV download.

    `part` is `municipality` or `other_member`; `code` is the kommunkod or the
    organisation number; `share_percent` is the share of the payer's own half.
    """
    rows: list[tuple[str, ...]] = [ALLOCATION_CSV_HEADER]
    for line in allocation.municipalities.lines:
        rows.append(
            (
                "municipality",
                line.code,
                line.short_name,
                str(int(line.basis)),
                "",
                str(line.share_percent),
                str(line.amount),
            )
        )
    for line in allocation.others.lines:
        weight = line.payer.basis
        rows.append(
            (
                "other_member",
                line.code,
                line.name,
                "",
                "" if weight is None else str(without_trailing_zeros(Decimal(weight))),
                str(line.share_percent),
                str(line.amount),
            )
        )
    return rows
