"""The demo loads every year of the population file (shared/data/population.csv)."""

import csv

from django.conf import settings

from members.models import Population
from members.services import cost_budget_years
from ssr_portal.demo import load_members
from tests.members.conftest import POPULATION_FILE


def test_the_demo_loads_every_year_the_population_file_has(db):
    load_members(data_dir=settings.SSR_SHARED_DATA_DIR)
    with POPULATION_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    years_in_file = {int(row["year"]) for row in rows}
    loaded = set(Population.objects.values_list("year", flat=True))
    assert len(loaded) == len(years_in_file)
    assert loaded == years_in_file
    assert Population.objects.count() == len(rows)
    # The years with every municipality's figure serve the budget year after.
    assert cost_budget_years() == [2016, 2017]
