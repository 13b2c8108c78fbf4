"""Member names sort in Swedish alphabetical order (å before ä before ö)."""

import pytest
from django.db import connection

from members.models import Organisation
from tests.factories import AgencyFactory


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has no ICU collation; PostgreSQL is where the order differs",
)
def test_names_with_a_ring_and_umlauts_sort_in_swedish_order(db):
    for name in ["Örnsköld", "Ärlinghem", "Åkerby", "Zetterby"]:
        AgencyFactory(name=name)
    names = [o.name for o in Organisation.objects.in_kind_order()]
    assert names == ["Zetterby", "Åkerby", "Ärlinghem", "Örnsköld"]
