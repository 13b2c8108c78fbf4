import pytest
from django.conf import settings

from members.services import population_import_csv
from tests.factories import AgencyFactory

POPULATION_FILE = settings.SSR_SHARED_DATA_DIR / "population.csv"


@pytest.fixture
def county(db):
    """The 26 municipalities with the real populations of shared/data."""
    population_import_csv(path=POPULATION_FILE)


@pytest.fixture
def other_members(db):
    """Three members besides the municipalities, without weights in the cost key."""
    return [
        AgencyFactory(name="Länsstyrelsen Stockholm", short_name="Länsstyrelsen"),
        AgencyFactory(name="Region Stockholm", short_name="Region Stockholm"),
        AgencyFactory(name="SOS Alarm", short_name="SOS Alarm"),
    ]
