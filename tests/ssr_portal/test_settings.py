"""Production settings come from the environment and pass Django's deploy checks."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ssr_portal.lib import env

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SSR_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    # The browser tests' switch; a production machine never has it.
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_with_production_values():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SSR_SECRET_KEY=secrets.token_urlsafe(60),
        SSR_ALLOWED_HOSTS="ssr.huddinge.se",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_startup_fails_without_a_secret_key_when_debug_is_off():
    result = _manage("check")
    assert result.returncode != 0
    assert "SSR_SECRET_KEY" in result.stderr


def test_debug_mode_runs_without_a_secret_key():
    result = _manage("check", SSR_DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_a_bad_boolean_is_refused_with_the_variable_name(monkeypatch):
    monkeypatch.setenv("SSR_DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SSR_DEBUG"):
        env.env_bool("SSR_DEBUG")


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-a-file\n")
    monkeypatch.setenv("SSR_SECRET_KEY_FILE", str(secret_file))
    assert env.env_str("SSR_SECRET_KEY") == "from-a-file"


def test_a_bad_number_is_refused(monkeypatch):
    monkeypatch.setenv("SSR_EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="SSR_EMAIL_PORT"):
        env.env_int("SSR_EMAIL_PORT", 25)


def test_allowed_hosts_are_read_as_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("SSR_ALLOWED_HOSTS", "a.example.se, b.example.se,")
    assert env.env_list("SSR_ALLOWED_HOSTS") == ["a.example.se", "b.example.se"]


def test_env_example_documents_every_variable_the_settings_read():
    import re

    read = [*(ROOT / "ssr_portal" / "settings").glob("*.py"), ROOT / "gunicorn.conf.py"]
    source = "\n".join(p.read_text("utf-8") for p in read)
    used = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z_]+)"', source))
    # gunicorn.conf.py reads its own (gunicorn's master loads no Django).
    used |= set(re.findall(r'os\.environ\.get\(\s*"(SSR_[A-Z_]+)"', source))
    documented = set(
        re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert used, "no variables found: the pattern no longer matches the settings"
    assert used - documented == set()
