"""Services of the portal as a whole, across its apps.

`orphan_files_delete` keeps the file storage to what the portal uses. Run it daily
(`manage.py cleanup_files`, or the task worker).
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalChanges

from cases.services.handlingar import HANDLINGAR_DIR, handlingar_current_names
from targets.report import STORAGE_FOLDER as REPORT_FOLDER
from targets.report import follow_up_report_current_names

logger = logging.getLogger(__name__)

# The stored files that no row refers to but a download reads: their names are
# their keys. Each folder's function tells which of its files are read now.
CACHES: dict[str, Callable[[Iterable[str]], set[str]]] = {
    HANDLINGAR_DIR: handlingar_current_names,
    REPORT_FOLDER: follow_up_report_current_names,
}


@dataclass
class OrphanFiles:
    """What `orphan_files_delete` found: the orphans it deleted (in a dry run,
    would delete) and the ones it left because they are newer than the grace
    period."""

    deleted: list[str] = field(default_factory=list)
    too_new: list[str] = field(default_factory=list)


def orphan_files_delete(*, dry_run: bool, older_than: timedelta) -> OrphanFiles:
    """Delete the stored files the portal no longer uses.

    1. List every file of the default storage (folder by folder: the file system
       and S3 alike).
    2. A file is an orphan when no row refers to it (a FileField of any model,
       history rows apart: a removed attachment's history does not keep its
       file), or, in a cache folder (CACHES: the handlingar bundles, the
       follow-up reports), when it is not one a download reads now.
    3. Delete each orphan last modified more than `older_than` ago. The grace
       period spares a file being written right now, whose row comes just
       after it (an upload, a PDF being stored); a day is ample.

    Any file the portal stores must therefore have a row or a cache entry here.
    Nothing is deleted with `dry_run`. A storage that does not answer raises
    StorageUnavailable; what was deleted until then stays deleted.
    """
    storage = default_storage
    stored = sorted(_stored_files(storage))
    # Read after the listing: a row made meanwhile keeps its file.
    used = _referenced_names()
    for folder, current_names in CACHES.items():
        cached = [name for name in stored if name.startswith(f"{folder}/")]
        used |= current_names(cached)
    cutoff = timezone.now() - older_than
    found = OrphanFiles()
    for name in stored:
        if name in used:
            continue
        if storage.get_modified_time(name) > cutoff:
            found.too_new.append(name)
            continue
        if not dry_run:
            storage.delete(name)
            logger.info("Deleted the orphan file %s", name)
        found.deleted.append(name)
    return found


def _stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the file system's folder was never made
        return
    prefix = f"{folder}/" if folder else ""
    for name in files:
        yield prefix + name
    for name in folders:
        yield from _stored_files(storage, prefix + name)


def _referenced_names() -> set[str]:
    """The name in every FileField of every row, history rows apart."""
    names = set()
    for model in apps.get_models():
        if model._meta.proxy or issubclass(model, HistoricalChanges):
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{model_field.attname: ""})
                    .values_list(model_field.attname, flat=True)
                    .iterator()
                )
    return names
