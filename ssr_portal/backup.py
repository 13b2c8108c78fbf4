"""What a backup of the portal must hold, and whether a restored copy holds it
(`manage.py backup_manifest`, `backup_verify`, `backup_copy_files`;
docs/drift-backup.md says how IT uses them).

A manifest is a JSON description of the database and the file store:

- every table of the portal's records (the apps' models, their history, the
  admin log, groups and permissions, content types, the task queue, the applied
  migrations): its row count, the sha256 of its rows in primary-key order and,
  for integer keys, the runs of ids it holds, so that a missing row can be named;
- every file in the store (walked with the storage API from its root, so local
  disk and object storage alike): its size and sha256;
- every file field's value in the database, and whether its file is in the store.

Nothing is read whole into memory: rows are streamed with `iterator()`, files
are read in chunks. The same function describes the original (before the
backup) and the restored copy; comparing the two descriptions is the check.
"""

import datetime
import decimal
import hashlib
import json
import posixpath
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import Storage
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

__all__ = [
    "EXCLUDED_MODELS",
    "MANIFEST_FORMAT",
    "MANIFEST_VERSION",
    "BackupError",
    "Comparison",
    "backup_models",
    "database_describe",
    "files_describe",
    "manifest_build",
    "manifest_compare",
    "manifest_read",
    "storage_copy",
    "storage_names",
]

MANIFEST_FORMAT = "ssr-portal-backup-manifest"
MANIFEST_VERSION = 1

# Tables a backup need not hold, and why; every other table of the installed
# apps is described. A restore of the dump brings these back too, but they are
# not records: they change by themselves while nobody works in the portal.
EXCLUDED_MODELS = {
    "sessions.session": (
        "logins of the moment: a restored portal asks people to log in again"
    ),
    "ssr_portal.workerheartbeat": (
        "the task workers running right now, rewritten every few seconds"
    ),
}

ROWS_PER_FETCH = 2000
FILE_CHUNK_BYTES = 1024 * 1024


class BackupError(Exception):
    """A manifest that cannot be read, or a copy that would overwrite files."""


def backup_models() -> list[type[models.Model]]:
    """The models whose tables a backup must hold, in table-name order.

    Task results (django-tasks-db) are included: a queued task is work the portal
    still owes (a decision to e-mail, an upload's text to read) and a restore
    that lost it would silently never do it. Sessions and worker heartbeats are
    not (EXCLUDED_MODELS)."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]
    # Which migrations are applied: a restore must be at the same schema.
    found.append(MigrationRecorder.Migration)
    return sorted(found, key=lambda model: model._meta.db_table)


def _json_value(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return f"{value.days}d{value.seconds}s{value.microseconds}us"
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return f"{type(value).__name__}:{value}"


def _row_bytes(row: tuple) -> bytes:
    return (
        json.dumps(
            row,
            default=_json_value,
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        ).encode()
        + b"\n"
    )


def _table_describe(model: type[models.Model]) -> dict:
    """Row count, checksum and (for integer keys) the id runs of one table."""
    columns = [field.attname for field in model._meta.concrete_fields]
    rows = (
        model._base_manager.order_by("pk")
        .values_list("pk", *columns)
        .iterator(chunk_size=ROWS_PER_FETCH)
    )
    digest = hashlib.sha256()
    count = 0
    runs: list[list[int]] | None = []
    for pk, *values in rows:
        digest.update(_row_bytes(values))
        count += 1
        if runs is None:
            continue
        if not isinstance(pk, int) or isinstance(pk, bool):
            runs = None
        elif runs and runs[-1][1] == pk - 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    described = {"model": model._meta.label_lower, "rows": count}
    described["sha256"] = digest.hexdigest()
    if runs is not None:
        described["ids"] = runs
    return described


def _file_references() -> Iterator[dict]:
    """Every non-empty file field value, as (table, id, field, name)."""
    for model in backup_models():
        for file_field in model._meta.concrete_fields:
            if not isinstance(file_field, models.FileField):
                continue
            values = (
                model._base_manager.exclude(**{file_field.attname: ""})
                .exclude(**{f"{file_field.attname}__isnull": True})
                .order_by("pk")
                .values_list("pk", file_field.attname)
                .iterator(chunk_size=ROWS_PER_FETCH)
            )
            for pk, name in values:
                yield {
                    "table": model._meta.db_table,
                    "id": pk,
                    "field": file_field.name,
                    "name": name,
                }


def database_describe() -> tuple[dict[str, dict], list[dict]]:
    """Every backed-up table, and every file field value, read in one snapshot
    of the database (on PostgreSQL a repeatable-read, read-only transaction, so
    that a table counted late does not see a row written after an early one)."""
    # Only at a transaction's start; inside an outer one (a test's), its snapshot.
    snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
        tables = {
            model._meta.db_table: _table_describe(model) for model in backup_models()
        }
        references = list(_file_references())
    return tables, references


def storage_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, walked with `listdir` from the root,
    each folder's entries in name order. A file-system store whose folder does
    not exist is empty."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        if folder:
            raise
        return
    entries = [(name, False) for name in files] + [(name, True) for name in directories]
    for name, is_directory in sorted(entries):
        path = posixpath.join(folder, name) if folder else name
        if is_directory:
            yield from storage_names(storage, path)
        else:
            yield path


def _file_describe(storage: Storage, name: str) -> dict:
    digest = hashlib.sha256()
    size = 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(FILE_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def files_describe(storage: Storage) -> dict[str, dict]:
    """Every stored file's size and sha256, by name."""
    return {name: _file_describe(storage, name) for name in storage_names(storage)}


def manifest_build(storage: Storage) -> dict:
    """The manifest of the current database and of `storage` (the file store).
    Deterministic: the same data gives the same manifest but for `created_at`."""
    tables, references = database_describe()
    files = files_describe(storage)
    for reference in references:
        reference["exists"] = reference["name"] in files
    return {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": {
            "vendor": connection.vendor,
            "excluded_tables": {
                apps.get_model(label)._meta.db_table: reason
                for label, reason in sorted(EXCLUDED_MODELS.items())
            },
            "tables": tables,
        },
        "files": files,
        "file_references": references,
    }


def manifest_read(text: str) -> dict:
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as error:
        raise BackupError(f"the manifest is not JSON ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError("the file is not a manifest of backup_manifest")
    if manifest.get("version") != MANIFEST_VERSION:
        raise BackupError(
            f"the manifest is version {manifest.get('version')}; this portal reads "
            f"version {MANIFEST_VERSION}"
        )
    return manifest


@dataclass
class Comparison:
    """What differs between a manifest and the current database and store
    (`differences`), and what is worth saying but not a difference (`notes`)."""

    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_equal(self) -> bool:
        return not self.differences


def _runs_minus(runs: list[list[int]], others: list[list[int]]) -> list[list[int]]:
    """The ids in `runs` that are not in `others` (both sorted, disjoint runs)."""
    left: list[list[int]] = []
    index = 0
    for first, last in runs:
        start = first
        while index < len(others) and others[index][1] < start:
            index += 1
        scan = index
        while start <= last:
            if scan >= len(others) or others[scan][0] > last:
                left.append([start, last])
                break
            other_first, other_last = others[scan]
            if other_first > start:
                left.append([start, other_first - 1])
            start = max(start, other_last + 1)
            scan += 1
    return left


def _ids_text(runs: list[list[int]], *, shown: int = 10) -> str:
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in runs[:shown]]
    if len(runs) > shown:
        parts.append(f"and {len(runs) - shown} more ranges")
    return ", ".join(parts)


def _rows(number: int) -> str:
    return f"{number} row" if number == 1 else f"{number} rows"


def _table_compare(table: str, expected: dict, actual: dict) -> list[str]:
    name = f"table {table}"
    if expected["rows"] != actual["rows"]:
        counts = (
            f"{_rows(expected['rows'])} in the backup, {_rows(actual['rows'])} here"
        )
    else:
        counts = ""
    if "ids" in expected and "ids" in actual:
        missing = _runs_minus(expected["ids"], actual["ids"])
        extra = _runs_minus(actual["ids"], expected["ids"])
        found = []
        if missing:
            number = sum(b - a + 1 for a, b in missing)
            found.append(
                f"{name}: {_rows(number)} missing (id {_ids_text(missing)}; {counts or 'same count'})"
            )
        if extra:
            number = sum(b - a + 1 for a, b in extra)
            found.append(
                f"{name}: {_rows(number)} not in the backup (id {_ids_text(extra)})"
            )
        if found:
            return found
    elif counts:
        difference = expected["rows"] - actual["rows"]
        what = "missing" if difference > 0 else "not in the backup"
        return [f"{name}: {_rows(abs(difference))} {what} ({counts})"]
    if expected["sha256"] != actual["sha256"]:
        return [f"{name}: checksum differs (the same {_rows(actual['rows'])}, changed)"]
    return []


def _size(number: int) -> str:
    return f"{number} byte" if number == 1 else f"{number} bytes"


def manifest_compare(expected: dict, actual: dict) -> Comparison:
    """The differences between the manifest of the backup (`expected`) and that
    of the current database and store (`actual`), in plain words."""
    result = Comparison()
    if expected["database"]["vendor"] != actual["database"]["vendor"]:
        result.notes.append(
            f"The backup was described on {expected['database']['vendor']}, this "
            f"database is {actual['database']['vendor']}: checksums may differ."
        )
    expected_tables = expected["database"]["tables"]
    actual_tables = actual["database"]["tables"]
    for table in sorted(expected_tables.keys() | actual_tables.keys()):
        if table not in actual_tables:
            result.differences.append(
                f"table {table}: in the backup ({_rows(expected_tables[table]['rows'])}), "
                "not in this database"
            )
        elif table not in expected_tables:
            result.differences.append(
                f"table {table}: not in the backup ({_rows(actual_tables[table]['rows'])} here)"
            )
        else:
            result.differences += _table_compare(
                table, expected_tables[table], actual_tables[table]
            )

    expected_files, actual_files = expected["files"], actual["files"]
    for name in sorted(expected_files.keys() | actual_files.keys()):
        if name not in actual_files:
            result.differences.append(f"file {name}: missing")
        elif name not in expected_files:
            result.differences.append(
                f"file {name}: extra, not in the backup ({_size(actual_files[name]['size'])})"
            )
        elif expected_files[name]["size"] != actual_files[name]["size"]:
            result.differences.append(
                f"file {name}: differs ({_size(expected_files[name]['size'])} in the "
                f"backup, {_size(actual_files[name]['size'])} here)"
            )
        elif expected_files[name]["sha256"] != actual_files[name]["sha256"]:
            result.differences.append(
                f"file {name}: differs (same size, other content)"
            )

    def key(reference: dict) -> tuple:
        return reference["table"], str(reference["id"]), reference["field"]

    missing_before = {
        key(reference)
        for reference in expected["file_references"]
        if not reference["exists"]
    }
    for reference in actual["file_references"]:
        if reference["exists"]:
            continue
        text = (
            f"row {reference['table']} id {reference['id']}: its {reference['field']} "
            f"file {reference['name']} is missing"
        )
        if key(reference) in missing_before:
            result.notes.append(f"{text} (it was missing when the backup was made)")
        else:
            result.differences.append(text)
    return result


def storage_copy(source: Storage, target: Storage) -> tuple[int, int]:
    """Copy every file of `source` to the same name in `target`, which must hold
    no files (a copy never overwrites, and a storage asked to save over an
    existing name would pick another). Returns the number of files and bytes."""
    if next(storage_names(target), None) is not None:
        raise BackupError(
            "The target already holds files; nothing copied (copy into an empty one)."
        )
    count = size = 0
    for name in storage_names(source):
        with source.open(name, "rb") as handle:
            saved = target.save(name, handle)
        if saved != name:
            raise BackupError(
                f"The target stored {name} as {saved}; the copy stopped there."
            )
        count += 1
        size += target.size(saved)
    return count, size
