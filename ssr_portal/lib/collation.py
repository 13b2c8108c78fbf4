"""Swedish alphabetical order in the database.

PostgreSQL here collates C.UTF-8, which sorts by code point: "Ä" before "Å", and
capitals before small letters. The ICU collation sv-SE-x-icu sorts as Swedish
readers expect (… x, y, z, å, ä, ö). SQLite has no ICU; its code-point order puts
å, ä, ö after z too, only ä before å.
"""

from django.db import connection
from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

SWEDISH_COLLATION = "sv-SE-x-icu"


def swedish(field: str) -> Combinable:
    """An ordering expression for `field` in Swedish alphabetical order."""
    if connection.vendor == "postgresql":
        return Collate(F(field), SWEDISH_COLLATION)
    return F(field)
