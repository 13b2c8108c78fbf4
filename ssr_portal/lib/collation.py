"""Swedish alphabetical order, in the database and in Python.

Swedish readers expect case to be ignored and å, ä, ö to come after z, in that
order: "Salems kommun" before "SOS Alarm", "Zetterby" before "Åkerby". PostgreSQL
here collates C.UTF-8, which sorts by code point (capitals before small letters,
"Ä" before "Å"); its ICU collation sv-SE-x-icu sorts as Swedish readers expect.
SQLite has no ICU, so the portal gives each SQLite connection a collation of the
same name that sorts by `swedish_key` (`register_sqlite_collation`): one
ordering expression, `swedish(field)`, on both databases.
"""

import unicodedata
from typing import Any

from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

SWEDISH_COLLATION = "sv-SE-x-icu"

# After z, in Swedish order (private-use code points sort after every letter that
# folds to a-z). Æ and Ø are read as Ä and Ö, ü as y, as Swedish dictionaries do.
_AFTER_Z = {"å": "\ue000", "ä": "\ue001", "æ": "\ue001", "ö": "\ue002", "ø": "\ue002"}
_FOLD = {"ü": "y"}


def swedish_key(text: str) -> tuple[str, str]:
    """A sort key for `text` in Swedish alphabetical order: case and accents
    (é, è, ç) ignored, å ä ö after z; the text itself breaks ties."""
    letters = []
    for char in text.casefold():
        if char in _AFTER_Z:
            letters.append(_AFTER_Z[char])
        elif char in _FOLD:
            letters.append(_FOLD[char])
        else:
            base = unicodedata.normalize("NFD", char)
            letters.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(letters), text


def _compare(left: str | None, right: str | None) -> int:
    left_key = swedish_key(left or "")
    right_key = swedish_key(right or "")
    return (left_key > right_key) - (left_key < right_key)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give a new SQLite connection the collation `swedish` orders by (the
    receiver of Django's connection_created, connected in PortalConfig.ready)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SWEDISH_COLLATION, _compare)


def swedish(field: str) -> Combinable:
    """An ordering expression for `field` in Swedish alphabetical order."""
    return Collate(F(field), SWEDISH_COLLATION)
