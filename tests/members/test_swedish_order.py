"""Member names sort in Swedish alphabetical order: case ignored, å ä ö after z."""

from members.models import Organisation
from ssr_portal.lib.collation import swedish, swedish_key
from tests.factories import AgencyFactory


def test_names_with_a_ring_and_umlauts_sort_in_swedish_order(db):
    for name in ["Örnsköld", "Ärlinghem", "Åkerby", "Zetterby"]:
        AgencyFactory(name=name)
    names = [o.name for o in Organisation.objects.in_kind_order()]
    assert names == ["Zetterby", "Åkerby", "Ärlinghem", "Örnsköld"]


def test_capitals_do_not_come_before_small_letters(db):
    for name in ["SOS Alarm", "Salems kommun", "Sundbybergs stad", "SSBF"]:
        AgencyFactory(name=name)
    names = list(
        Organisation.objects.order_by(swedish("name")).values_list("name", flat=True)
    )
    assert names == ["Salems kommun", "SOS Alarm", "SSBF", "Sundbybergs stad"]


def test_choices_of_organisations_are_in_swedish_order_by_default(db):
    for name in ["Österåkers kommun", "SOS Alarm", "Salems kommun", "Ekerö kommun"]:
        AgencyFactory(name=name)
    names = [str(o.name) for o in Organisation.objects.all()]
    assert names == ["Ekerö kommun", "Salems kommun", "SOS Alarm", "Österåkers kommun"]


def test_the_sort_key_ignores_case_and_accents():
    names = ["Öland", "Zürich", "église", "Ärla", "Åre", "Eda", "apa", "Björn"]
    assert sorted(names, key=swedish_key) == [
        "apa",
        "Björn",
        "Eda",
        "église",
        "Zürich",
        "Åre",
        "Ärla",
        "Öland",
    ]
