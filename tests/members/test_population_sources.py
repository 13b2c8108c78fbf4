"""The sources of the populations, which the member page shows, are in Swedish."""

import csv
import re

import pytest
from django.urls import reverse

from members.models import Organisation
from tests.members.conftest import POPULATION_FILE

# Words of the English and Norwegian sources the file once had.
FOREIGN = {"table", "citing", "secondary", "unverified", "mirror", "infobox",
           "population", "innbyggere", "des", "kilde", "source"}  # fmt: skip


def _sources():
    with POPULATION_FILE.open(encoding="utf-8", newline="") as handle:
        return [(row["year"], row["source"]) for row in csv.DictReader(handle)]


def _words(text):
    without_links = re.sub(r"https?://\S+", "", text)
    return {word.lower() for word in re.findall(r"\w+", without_links)}


@pytest.mark.parametrize(("year", "source"), sorted(set(_sources())))
def test_every_source_in_the_file_is_swedish(year, source):
    assert source.startswith(f"SCB, folkmängd 31 december {year}")
    assert not _words(source) & FOREIGN


def test_the_member_page_shows_the_source_in_swedish(client, county):
    norrtalje = Organisation.objects.get(municipality_code="0188")
    page = client.get(reverse("members:detail", args=[norrtalje.slug])).content
    page = page.decode()
    assert "SCB, folkmängd 31 december 2023" in page
    assert "SECONDARY" not in page and "Wikipedia mirror" not in page
