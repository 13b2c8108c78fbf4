"""`manage.py bench_seed` (ssr_portal/bench_seed.py): refused on SQLite and on a
database with cases; on PostgreSQL a county whose numbers, series, secrecy and
login hold together."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Max

from cases.models import AgendaItem, Case, DiariumSeries, Document
from members.models import User
from members.roles import Role
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="bench_seed writes with COPY"
)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_refused_on_sqlite():
    with pytest.raises(CommandError, match="runs only on PostgreSQL"):
        call_command("bench_seed", "--cases", "10", "--password", "x")
    assert not Case.objects.exists()


@postgres_only
def test_refused_on_a_database_with_cases_unless_forced():
    CaseFactory()
    with pytest.raises(CommandError, match="already has 1 cases.*--force"):
        call_command("bench_seed", "--cases", "10", "--password", "x")
    assert Case.objects.count() == 1


@postgres_only
def test_a_small_county():
    call_command("bench_seed", "--cases", "300", "--password", "bench-secret")
    generated = Case.objects.filter(
        board__name__in=["Socialnämnden", "Regionstyrelsen"]
    )
    assert generated.exists()
    # 300 generated beside the demo's own.
    assert 300 <= Case.objects.count() < 330
    # The next registration of every diarium and year continues after the last
    # serial given out.
    for series in DiariumSeries.objects.all():
        top = Case.objects.filter(diarium=series.diarium, year=series.year).aggregate(
            top=Max("serial")
        )["top"]
        assert series.last_serial == top
    secret = Case.objects.exclude(secrecy="public").count()
    assert 0 < secret < Case.objects.count() / 4
    found = Case.objects.search("beredskap").count()
    assert 0 < found < Case.objects.count()
    assert Document.objects.filter(sections__isnull=False).count() > 50
    assert AgendaItem.objects.filter(decision__isnull=False).exists()
    bench = User.objects.get(username="bench")
    assert bench.is_active and bench.check_password("bench-secret")
    assert bench.has_role(Role.OFFICIAL)
    assert Case.history.count() >= 300
