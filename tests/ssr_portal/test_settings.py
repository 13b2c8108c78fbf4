"""Production settings come from the environment and pass Django's deploy checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ssr_portal.lib import env

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
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
    result = manage(
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
    result = manage("check")
    assert result.returncode != 0
    assert "SSR_SECRET_KEY" in result.stderr


def test_debug_mode_runs_without_a_secret_key():
    result = manage("check", SSR_DEBUG="true")
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
    used = set(re.findall(r'env_(?:str|bool|int|list|map)\(\s*"([A-Z_]+)"', source))
    # gunicorn.conf.py reads its own (gunicorn's master loads no Django).
    used |= set(re.findall(r'os\.environ\.get\(\s*"(SSR_[A-Z_]+)"', source))
    documented = set(
        re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert used, "no variables found: the pattern no longer matches the settings"
    assert used - documented == set()


STORAGE_REPORT = """
import json
from django.core.files.storage import storages
s = storages["default"]
print(json.dumps({
    "backend": f"{type(s).__module__}.{type(s).__name__}",
    "bucket": s.bucket_name, "endpoint": s.endpoint_url, "region": s.region_name,
    "access_key": s.access_key, "secret_key": s.secret_key, "location": s.location,
    "addressing_style": s.addressing_style, "file_overwrite": s.file_overwrite,
    "default_acl": s.default_acl, "url": s.url("attachments/1/Bilaga 1.pdf"),
}))
"""


def test_a_bucket_puts_the_files_in_private_s3_storage_that_never_overwrites(
    tmp_path,
):
    secret = tmp_path / "s3-secret"
    secret.write_text("hemligt\n")
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        STORAGE_REPORT,
        SSR_DEBUG="true",
        SSR_S3_BUCKET="huddinge-ssr",
        SSR_S3_ENDPOINT_URL="https://minio.huddinge.se",
        SSR_S3_REGION="sto-1",
        SSR_S3_ACCESS_KEY_ID="ssr-portal",
        SSR_S3_SECRET_ACCESS_KEY_FILE=str(secret),
        SSR_S3_PREFIX="/portal/",
        SSR_S3_ADDRESSING_STYLE="path",
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout.strip().splitlines()[-1])
    assert storage == {
        "backend": "ssr_portal.lib.s3.PortalS3Storage",
        "bucket": "huddinge-ssr",
        "endpoint": "https://minio.huddinge.se",
        "region": "sto-1",
        "access_key": "ssr-portal",
        "secret_key": "hemligt",
        "location": "portal",
        "addressing_style": "path",
        "file_overwrite": False,
        "default_acl": None,
        # The portal's own, unserved path: never the bucket's address.
        "url": "/media/attachments/1/Bilaga%201.pdf",
    }


def test_without_a_bucket_the_files_stay_in_the_media_folder(tmp_path):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files.storage import storages;"
        "print(type(storages['default']).__name__, storages['default'].location)",
        SSR_DEBUG="true",
        SSR_MEDIA_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["FileSystemStorage", str(tmp_path)]


def test_a_bad_addressing_style_stops_the_start_with_the_variable_name():
    result = manage(
        "check", SSR_DEBUG="true", SSR_S3_BUCKET="b", SSR_S3_ADDRESSING_STYLE="dns"
    )
    assert result.returncode != 0
    assert "SSR_S3_ADDRESSING_STYLE" in result.stderr
