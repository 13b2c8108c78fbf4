"""`manage.py backup_manifest`: what a backup must hold, as JSON (issue 9 §5,
the backup restored into an empty database and store equals the original)."""

import hashlib
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from cases.models import Case
from members.models import User
from ssr_portal.models import WorkerHeartbeat
from tests.cases.test_upload_validation import pdf_bytes
from tests.ssr_portal.backup_fixtures import manifest_of_now

pytestmark = pytest.mark.django_db


def test_manifest_counts_the_rows_of_every_table_of_the_records(attachment, tmp_path):
    Group.objects.create(name="Registratorer")
    manifest = manifest_of_now(tmp_path / "manifest.json")
    tables = manifest["database"]["tables"]
    assert tables["cases_case"]["rows"] == Case.objects.count() == 1
    assert tables["cases_case"]["model"] == "cases.case"
    assert tables["cases_attachment"]["ids"] == [[attachment.pk, attachment.pk]]
    # The audit trail, the accounts and what the apps define around them.
    assert tables["cases_historicalcase"]["rows"] == Case.history.count() > 0
    assert tables["members_user"]["rows"] == User.objects.count()
    assert tables["auth_group"]["rows"] == Group.objects.count() > 1
    assert tables["auth_permission"]["rows"] == Permission.objects.count() > 0
    for table in (
        "django_content_type",
        "django_admin_log",
        "django_migrations",
        "members_user_groups",
        "django_tasks_database_dbtaskresult",
        "targets_vision",
    ):
        assert table in tables
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        assert tables["django_migrations"]["rows"] == cursor.fetchone()[0] > 0


def test_manifest_leaves_out_sessions_and_worker_heartbeats_and_says_why(
    attachment, tmp_path
):
    WorkerHeartbeat.objects.create(worker_id="worker-1")
    manifest = manifest_of_now(tmp_path / "manifest.json")
    database = manifest["database"]
    assert "django_session" not in database["tables"]
    assert "ssr_portal_workerheartbeat" not in database["tables"]
    assert set(database["excluded_tables"]) == {
        "django_session",
        "ssr_portal_workerheartbeat",
    }
    assert "log in again" in database["excluded_tables"]["django_session"]


def test_manifest_holds_every_stored_file_with_its_size_and_sha256(
    attachment, tmp_path
):
    default_storage.save("visions/documents/målbild.pdf", ContentFile(b"%PDF-1.7 x"))
    manifest = manifest_of_now(tmp_path / "manifest.json")
    data = pdf_bytes()
    assert manifest["files"] == {
        attachment.file.name: {
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        },
        "visions/documents/målbild.pdf": {
            "size": 10,
            "sha256": hashlib.sha256(b"%PDF-1.7 x").hexdigest(),
        },
    }
    assert manifest["file_references"] == [
        {
            "table": "cases_attachment",
            "id": attachment.pk,
            "field": "file",
            "name": attachment.file.name,
            "exists": True,
        }
    ]


def test_manifest_is_the_same_twice_but_for_when_it_was_written(attachment, tmp_path):
    call_command("backup_manifest", out=tmp_path / "first.json")
    call_command("backup_manifest", out=tmp_path / "second.json")
    first, second = (
        json.loads((tmp_path / name).read_text())
        for name in ("first.json", "second.json")
    )
    assert first.pop("created_at") and second.pop("created_at")
    assert first == second
    assert list(first["database"]["tables"]) == sorted(first["database"]["tables"])


def test_manifest_checksum_of_a_table_changes_with_any_value_of_a_row(
    attachment, tmp_path
):
    before = manifest_of_now(tmp_path / "before.json")["database"]["tables"]
    Case.objects.filter(pk=attachment.document.case_id).update(title="Målbild SSR")
    after = manifest_of_now(tmp_path / "after.json")["database"]["tables"]
    changed = {table for table in before if before[table] != after[table]}
    assert changed == {"cases_case"}
    assert after["cases_case"]["rows"] == before["cases_case"]["rows"]


def test_manifest_warns_of_a_row_whose_file_is_missing_from_the_store(
    attachment, tmp_path, capsys
):
    default_storage.delete(attachment.file.name)
    manifest = manifest_of_now(tmp_path / "manifest.json")
    assert manifest["files"] == {}
    [reference] = manifest["file_references"]
    assert reference["exists"] is False
    assert capsys.readouterr().err == (
        f"Warning: row cases_attachment id {attachment.pk}: its file file "
        f"{attachment.file.name} is not in the file store.\n"
    )


def test_manifest_says_what_it_wrote(attachment, tmp_path, capsys):
    path = tmp_path / "manifest.json"
    manifest = manifest_of_now(path)
    tables = manifest["database"]["tables"]
    rows = sum(table["rows"] for table in tables.values())
    assert capsys.readouterr().out == (
        f"{path}: {len(tables)} tables ({rows} rows), 1 files ({len(pdf_bytes())} bytes).\n"
    )


def test_manifest_without_out_is_written_to_standard_output(store, capsys):
    call_command("backup_manifest")
    manifest = json.loads(capsys.readouterr().out)
    assert manifest["format"] == "ssr-portal-backup-manifest"
    assert manifest["files"] == {} and manifest["file_references"] == []
