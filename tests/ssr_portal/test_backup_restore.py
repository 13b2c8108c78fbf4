"""A backup restored into an empty database and an empty file store equals the
original (issue 9 §5), checked as IT checks it: the demo's data (the Målbild case
through the whole workflow, with its PDFs and attachments) plus an uploaded
attachment; `backup_manifest`; `pg_dump -Fc`; the file store copied through the
storage API (`backup_copy_files`); `createdb` and `pg_restore` into an empty
database; `backup_verify` run as a second process with production's settings on
the restored database and files. Then one file and one row removed from the
copy, and `backup_verify` names both.

PostgreSQL only: pg_dump and a second process need a real server (the Makefile
runs the suite on both)."""

import os
import subprocess
import sys

import psycopg
import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from cases.models import Attachment, Case, Signatory
from cases.services.attachments import attachment_add_file
from members.models import User
from ssr_portal.demo import FRESH_CASE_TITLE, load_demo
from tests.cases.test_upload_validation import pdf_bytes
from tests.processes import ROOT, database_url, portal_environment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump and a second process need PostgreSQL (set DATABASE_URL)",
    ),
]


def _client_environment() -> dict[str, str]:
    """The environment of PostgreSQL's client programs for the test's server."""
    db = connection.settings_dict
    environment = dict(os.environ)
    environment.update(
        PGHOST=db["HOST"] or "127.0.0.1",
        PGPORT=str(db["PORT"] or 5432),
        PGUSER=db["USER"] or "postgres",
        # No NOTICE that dropdb --if-exists had nothing to drop.
        PGOPTIONS="-c client_min_messages=warning",
    )
    if db["PASSWORD"]:
        environment["PGPASSWORD"] = db["PASSWORD"]
    return environment


def _run(*command: str) -> None:
    subprocess.run(command, env=_client_environment(), check=True, timeout=120)


def _verify(manifest, *, database: str, files) -> subprocess.CompletedProcess:
    """`manage.py backup_verify` as IT runs it on the restored copy."""
    environment = portal_environment(
        DATABASE_URL=database_url().rsplit("/", 1)[0] + f"/{database}",
        SSR_MEDIA_ROOT=str(files),
        SSR_ALLOWED_HOSTS="localhost",
    )
    # The copy is on local disk even when this run's store is a bucket.
    for key in [key for key in environment if key.startswith("SSR_S3_")]:
        del environment[key]
    return subprocess.run(
        [sys.executable, "manage.py", "backup_verify", str(manifest)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def restored_name():
    """The name of the empty database to restore into; dropped at the end."""
    name = f"{connection.settings_dict['NAME']}_restored"
    _run("dropdb", "--if-exists", "--force", name)
    yield name
    _run("dropdb", "--if-exists", "--force", name)


def test_a_backup_restored_into_an_empty_database_and_store_equals_the_original(
    store, tmp_path, restored_name
):
    load_demo()
    fresh = Case.objects.get(title=FRESH_CASE_TITLE)
    uploaded = attachment_add_file(
        document=fresh.document,
        user=User.objects.get(username="handlaggare"),
        file=SimpleUploadedFile(
            "Remissvar länsstyrelsen.pdf", pdf_bytes(), content_type="application/pdf"
        ),
    )
    manifest = tmp_path / "manifest.json"
    dump = tmp_path / "ssr_portal.pgdump"
    files = tmp_path / "files"

    # The backup: the manifest, the database, the files.
    call_command("backup_manifest", out=manifest)
    _run("pg_dump", "-Fc", "-f", str(dump), connection.settings_dict["NAME"])
    call_command("backup_copy_files", to=files)
    copied = FileSystemStorage(location=files)
    assert copied.exists(uploaded.file.name)
    # The demo's PDFs and attachments are in the copy with the upload.
    assert Attachment.objects.exclude(file="").count() > 1

    # The restore: an empty database; the copy is the empty store filled.
    _run("createdb", restored_name)
    _run("pg_restore", "--exit-on-error", "--no-owner", "-d", restored_name, str(dump))

    result = _verify(manifest, database=restored_name, files=files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Equal to the manifest of "), result.stdout

    # One file and one row gone from the restored copy: both are named.
    copied.delete(uploaded.file.name)
    signatory = Signatory.objects.order_by("pk").first()
    with psycopg.connect(
        database_url().rsplit("/", 1)[0] + f"/{restored_name}", autocommit=True
    ) as restored:
        restored.execute("DELETE FROM cases_signatory WHERE id = %s", [signatory.pk])
    result = _verify(manifest, database=restored_name, files=files)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"file {uploaded.file.name}: missing" in lines
    assert (
        f"row cases_attachment id {uploaded.pk}: its file file "
        f"{uploaded.file.name} is missing"
    ) in lines
    assert any(
        line.startswith(f"table cases_signatory: 1 row missing (id {signatory.pk}; ")
        for line in lines
    ), lines
    assert len(lines) == 3, lines
    assert "differ from the manifest" in result.stderr
