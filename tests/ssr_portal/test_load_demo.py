"""`manage.py load_demo`: idempotent, and refused with debug off unless --force."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from cases.models import Case

pytestmark = pytest.mark.django_db

# Values that change on every save, whatever the data.
VOLATILE = {"created_at", "updated_at", "password", "last_login"}


def _snapshot() -> dict[str, list[dict]]:
    """Every row of the portal's own models (not their history), without the
    columns that move on every save."""
    models = [
        model
        for label in ("members", "cases", "targets")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ] + [Group]
    return {
        model._meta.label: [
            {k: v for k, v in row.items() if k not in VOLATILE}
            for row in model.objects.order_by("pk").values()
        ]
        for model in models
    }


def test_load_demo_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="SSR_DEBUG"):
        call_command("load_demo")
    assert not Case.objects.exists()


def test_load_demo_runs_with_debug_off_when_forced(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo", force=True)
    assert Case.objects.filter(number="KS 2023/236").exists()
    assert "ssr-demo" in capsys.readouterr().out


def test_load_demo_twice_gives_the_same_data(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    second = _snapshot()
    assert {label: len(rows) for label, rows in first.items()} == {
        label: len(rows) for label, rows in second.items()
    }
    assert first == second
    assert len(first["cases.Case"]) >= 3
    numbers = [row["number"] for row in second["cases.Case"]]
    assert {"KS 2014/195", "KS 2015/560", "KS 2023/236"} <= set(numbers)
