import pytest
from django.core.exceptions import ValidationError

from members.models import Organisation, Population
from members.services import population_import_csv
from tests.members.conftest import POPULATION_FILE

HEADER = "kommunkod,kommun,year,population,source\n"


def test_the_import_creates_the_26_municipalities_and_their_populations(db):
    created, updated = population_import_csv(path=POPULATION_FILE)
    assert Organisation.objects.municipalities().count() == 26
    assert created == Population.objects.count() == 61
    assert updated == 0
    huddinge = Organisation.objects.get(municipality_code="0126")
    assert huddinge.name == "Huddinge kommun"
    assert huddinge.short_name == "Huddinge"
    assert huddinge.populations.get(year=2016).population == 107538


def test_importing_the_same_file_twice_changes_nothing(db):
    population_import_csv(path=POPULATION_FILE)
    assert population_import_csv(path=POPULATION_FILE) == (0, 0)
    assert Population.objects.count() == 61


def test_a_changed_figure_is_updated(db, tmp_path):
    path = tmp_path / "population.csv"
    path.write_text(HEADER + "0140,Nykvarn,2016,10000,SCB\n", encoding="utf-8")
    population_import_csv(path=path)
    path.write_text(HEADER + "0140,Nykvarn,2016,10424,SCB rättad\n", encoding="utf-8")
    assert population_import_csv(path=path) == (0, 1)
    population = Population.objects.get()
    assert population.population == 10424
    assert population.source == "SCB rättad"


def test_a_malformed_row_refuses_the_whole_file(db, tmp_path):
    path = tmp_path / "population.csv"
    path.write_text(
        HEADER + "0140,Nykvarn,2016,10424,SCB\n0126,Huddinge,2016,many,SCB\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="Rad 3: Folkmängden many"):
        population_import_csv(path=path)
    assert not Population.objects.exists()
