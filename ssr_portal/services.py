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

from cases.services.handlingar import handlingar_current_keys
from targets.report import follow_up_report_current_keys

from .models import CachedPdf

logger = logging.getLogger(__name__)

# The PDF cache's scopes whose stale PDFs no download reads again, by the scope's
# first part: each function tells the key its scopes are read under now. A stored
# PDF of another key is an orphan, as a file no row refers to.
CURRENT_PDF_KEYS: dict[str, Callable[[Iterable[str]], dict[str, str]]] = {
    "handlingar": handlingar_current_keys,
    "follow-up": follow_up_report_current_keys,
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
       file), or, for a stored PDF of the cache (CURRENT_PDF_KEYS: the handlingar
       bundles, the follow-up reports), when it is not one a download reads now;
       its cache row goes with it.
    3. Delete each orphan last modified more than `older_than` ago. The grace
       period spares a file being written right now, whose row comes just
       after it (an upload, a PDF being stored); a day is ample.

    Any file the portal stores must therefore have a row.
    Nothing is deleted with `dry_run`. A storage that does not answer raises
    StorageUnavailable; what was deleted until then stays deleted.
    """
    storage = default_storage
    stored = sorted(_stored_files(storage))
    # Read after the listing: a row made meanwhile keeps its file.
    used = _referenced_names() - _stale_cached_pdfs()
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
    if not dry_run:
        CachedPdf.objects.filter(file__in=found.deleted).delete()
    return found


def _stale_cached_pdfs() -> set[str]:
    """The files of the stored PDFs (CURRENT_PDF_KEYS' scopes) that no download
    reads now: the handlingar of a document changed since, the report of a
    follow-up changed since or of a vision that is gone."""
    stale = set()
    for kind, current_keys in CURRENT_PDF_KEYS.items():
        rows = list(
            CachedPdf.objects.filter(scope__startswith=f"{kind}:").values_list(
                "scope", "key", "file"
            )
        )
        current = current_keys({scope for scope, _key, _file in rows})
        stale.update(name for scope, key, name in rows if current.get(scope) != key)
    return stale


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
