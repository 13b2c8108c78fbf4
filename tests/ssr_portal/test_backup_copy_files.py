"""`manage.py backup_copy_files --to DIR / --from DIR`: the file store copied
through Django's storage API, whatever the storage is (local disk, an S3
bucket; here also Django's in-memory storage, which has no local paths)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import (
    FileSystemStorage,
    InMemoryStorage,
    default_storage,
)
from django.core.management import CommandError, call_command

from ssr_portal.backup import storage_copy, storage_names

FILES = {
    "attachments/7/Målbild 2023–2026.pdf": b"%PDF-1.7 bilaga",
    "attachments/7/karta.png": b"\x89PNG data",
    "documents/pdf/ks-2023-236.pdf": b"%PDF-1.7 tjansteskrivelse",
    "top.txt": b"",
}


@pytest.fixture
def memory_store(settings):
    """The file store as a storage without local paths, as object storage is."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    for name, data in FILES.items():
        assert default_storage.save(name, ContentFile(data)) == name
    return default_storage


def contents(storage) -> dict[str, bytes]:
    result = {}
    for name in storage_names(storage):
        with storage.open(name, "rb") as handle:
            result[name] = handle.read()
    return result


def test_copy_to_a_folder_holds_every_file_of_the_store(memory_store, tmp_path, capsys):
    call_command("backup_copy_files", to=tmp_path / "files")
    assert contents(FileSystemStorage(location=tmp_path / "files")) == FILES
    assert (tmp_path / "files" / "attachments" / "7" / "karta.png").is_file()
    size = sum(len(data) for data in FILES.values())
    assert capsys.readouterr().out == (
        f"Copied 4 files ({size} bytes) from the file store to {tmp_path / 'files'}.\n"
    )


def test_copy_from_a_folder_restores_it_into_an_empty_store(settings, tmp_path):
    folder = FileSystemStorage(location=tmp_path / "backup")
    for name, data in FILES.items():
        folder.save(name, ContentFile(data))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    call_command("backup_copy_files", source=tmp_path / "backup")
    assert contents(default_storage) == FILES


def test_copy_refuses_a_folder_that_already_holds_files(memory_store, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "old.pdf").write_bytes(b"old")
    with pytest.raises(CommandError, match="already holds files; nothing copied"):
        call_command("backup_copy_files", to=tmp_path / "files")
    assert [path.name for path in (tmp_path / "files").iterdir()] == ["old.pdf"]


def test_copy_refuses_to_restore_into_a_store_that_holds_files(memory_store, tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "top.txt").write_bytes(b"other")
    with pytest.raises(CommandError, match="already holds files"):
        call_command("backup_copy_files", source=tmp_path / "backup")
    assert contents(default_storage) == FILES


def test_copy_from_a_folder_that_does_not_exist_is_refused(memory_store, tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("backup_copy_files", source=tmp_path / "nowhere")


def test_copy_needs_a_direction():
    with pytest.raises(CommandError, match="one of the arguments --to --from"):
        call_command("backup_copy_files")


def test_storage_copy_works_between_any_two_storages():
    source, target = InMemoryStorage(), InMemoryStorage()
    for name, data in FILES.items():
        source.save(name, ContentFile(data))
    assert storage_copy(source, target) == (4, sum(map(len, FILES.values())))
    assert contents(target) == FILES


def test_an_empty_store_whose_folder_does_not_exist_has_no_files(tmp_path):
    assert list(storage_names(FileSystemStorage(location=tmp_path / "none"))) == []
