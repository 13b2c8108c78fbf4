"""python manage.py import_population FILE: SCB's figures in, never typed."""

import pytest
from django.core.management import CommandError, call_command

from members.models import Population


def test_the_command_imports_a_new_year_and_is_idempotent(db, tmp_path, capsys):
    data = tmp_path / "scb-2025.csv"
    data.write_text(
        "kommunkod,kommun,year,population,source\n"
        '0126,Huddinge,2025,115000,"SCB, test"\n',
        encoding="utf-8",
    )
    call_command("import_population", str(data))
    assert "1 figures added" in capsys.readouterr().out
    call_command("import_population", str(data))
    assert "0 figures added, 0 updated" in capsys.readouterr().out
    assert Population.objects.get(year=2025).population == 115000


def test_a_bad_row_is_refused_with_its_line_number(db, tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text(
        "kommunkod,kommun,year,population,source\n0126,Huddinge,2025,many,x\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="2"):
        call_command("import_population", str(data))
    assert not Population.objects.exists()


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_population", str(tmp_path / "missing.csv"))
