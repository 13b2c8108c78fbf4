"""`manage.py backup_verify MANIFEST`: the current database and file store
compared with a manifest, the differences in plain words, exit code 0 or 1."""

import json

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from cases.models import Attachment, Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def manifest(attachment, tmp_path):
    path = tmp_path / "manifest.json"
    call_command("backup_manifest", out=path)
    return path


def verify(path, capsys) -> tuple[int, list[str], str]:
    """backup_verify's exit code, its lines on stdout and its error message."""
    capsys.readouterr()
    try:
        call_command("backup_verify", str(path))
    except CommandError as error:
        code, message = error.returncode, str(error)
    else:
        code, message = 0, ""
    return code, capsys.readouterr().out.splitlines(), message


def test_verify_of_an_unchanged_database_and_store_says_equal(manifest, capsys):
    code, lines, _message = verify(manifest, capsys)
    assert code == 0
    [line] = lines
    assert line.startswith("Equal to the manifest of ")
    assert "tables (" in line and "1 files (" in line


def test_verify_names_the_table_and_id_of_a_row_that_is_missing(
    attachment, manifest, capsys
):
    group = Group.objects.order_by("pk").first()
    Group.objects.filter(pk=group.pk).delete()
    code, lines, message = verify(manifest, capsys)
    assert code == 1
    assert f"table auth_group: 1 row missing (id {group.pk}; " in "\n".join(lines)
    assert message.startswith(
        "The database and the file store differ from the manifest"
    )


def test_verify_names_rows_that_are_not_in_the_backup(manifest, capsys):
    new = Group.objects.create(name="Arkivarier")
    code, lines, _message = verify(manifest, capsys)
    assert code == 1
    assert lines == [f"table auth_group: 1 row not in the backup (id {new.pk})"]


def test_verify_says_a_table_whose_rows_changed_has_another_checksum(
    attachment, manifest, capsys
):
    Case.objects.filter(pk=attachment.document.case_id).update(title="Ändrad")
    code, lines, message = verify(manifest, capsys)
    assert (code, lines) == (
        1,
        ["table cases_case: checksum differs (the same 1 row, changed)"],
    )
    assert message.endswith(": 1 difference.")


def test_verify_names_a_missing_file_and_the_row_that_points_at_it(
    attachment, manifest, capsys
):
    default_storage.delete(attachment.file.name)
    code, lines, message = verify(manifest, capsys)
    assert code == 1
    assert lines == [
        f"file {attachment.file.name}: missing",
        f"row cases_attachment id {attachment.pk}: its file file "
        f"{attachment.file.name} is missing",
    ]
    assert message.endswith(": 2 differences.")


def test_verify_names_a_changed_file_and_an_extra_one(attachment, manifest, capsys):
    name = attachment.file.name
    size = default_storage.size(name)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"x" * size))
    default_storage.save("orphans/gammal.pdf", ContentFile(b"%PDF-"))
    code, lines, _message = verify(manifest, capsys)
    assert code == 1
    assert lines == [
        f"file {name}: differs (same size, other content)",
        "file orphans/gammal.pdf: extra, not in the backup (5 bytes)",
    ]


def test_verify_gives_the_sizes_of_a_file_that_was_cut_short(
    attachment, manifest, capsys
):
    name = attachment.file.name
    size = default_storage.size(name)
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"%PDF-"))
    code, lines, _message = verify(manifest, capsys)
    assert lines == [f"file {name}: differs ({size} bytes in the backup, 5 bytes here)"]


def test_verify_notes_a_file_that_was_missing_already_when_the_backup_was_made(
    attachment, tmp_path, capsys
):
    default_storage.delete(attachment.file.name)
    path = tmp_path / "manifest.json"
    call_command("backup_manifest", out=path)
    code, lines, _message = verify(path, capsys)
    assert code == 0
    assert lines[0] == (
        f"Note: row cases_attachment id {attachment.pk}: its file file "
        f"{attachment.file.name} is missing (it was missing when the backup was made)"
    )
    assert lines[1].startswith("Equal to the manifest of ")


def test_verify_names_a_table_of_the_backup_that_this_database_lacks(manifest, capsys):
    data = json.loads(manifest.read_text())
    data["database"]["tables"]["cases_oldthing"] = {
        "model": "cases.oldthing",
        "rows": 3,
        "sha256": "0" * 64,
        "ids": [[1, 3]],
    }
    manifest.write_text(json.dumps(data))
    code, lines, _message = verify(manifest, capsys)
    assert (code, lines) == (
        1,
        ["table cases_oldthing: in the backup (3 rows), not in this database"],
    )


def test_verify_says_the_rows_of_several_runs_of_ids(store, tmp_path, capsys):
    groups = [Group.objects.create(name=f"Grupp {number}") for number in range(5)]
    path = tmp_path / "manifest.json"
    call_command("backup_manifest", out=path)
    Group.objects.filter(pk__in=[groups[0].pk, groups[2].pk, groups[3].pk]).delete()
    _code, lines, _message = verify(path, capsys)
    assert lines == [
        f"table auth_group: 3 rows missing (id {groups[0].pk}, "
        f"{groups[2].pk}-{groups[3].pk}; 5 rows in the backup, 2 rows here)"
    ]


def test_verify_refuses_a_file_that_is_not_a_manifest(tmp_path, store):
    path = tmp_path / "notes.json"
    path.write_text('{"rows": 3}')
    with pytest.raises(CommandError, match="is not a manifest of backup_manifest"):
        call_command("backup_verify", str(path))
    path.write_text("not json")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("backup_verify", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("backup_verify", str(tmp_path / "missing.json"))


def test_verify_of_a_restored_store_missing_several_rows_lists_each(
    attachment, manifest, capsys
):
    Attachment.objects.filter(pk=attachment.pk).delete()
    _code, lines, _message = verify(manifest, capsys)
    text = "\n".join(lines)
    assert f"table cases_attachment: 1 row missing (id {attachment.pk}; " in text
    # The deletion is in the attachment's history: a row the backup lacks.
    assert "table cases_historicalattachment: 1 row not in the backup" in text
    assert f"file {attachment.file.name}" not in text  # still in the store
