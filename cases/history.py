"""The history of a case for its page: who changed what, when, from what to what.

Reads django-simple-history's records of the case and of its registered documents
in two queries, whatever their number, and compares each record with the one
before it (`diff_against`). Values are shown as a person reads them: field
verbose names, choice labels, names of people.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Case, JournalEntry, Secrecy

# Bookkeeping that says nothing a reader needs: timestamps move on every save and
# the reminder date is set by the daily command, not by a person.
EXCLUDED_FIELDS = ["created_at", "updated_at", "follow_up_reminded_date"]


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEvent:
    at: datetime.datetime
    user: Any  # the user, or None for the system (imports, commands)
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)


def _action_label(record) -> str:
    return {
        "+": _("Created"),
        "~": _("Changed"),
        "-": _("Deleted"),
    }.get(record.history_type, record.history_type)


def _display(model_field: models.Field, record) -> Any:
    """The value of `model_field` in `record` as a person reads it."""
    if model_field.is_relation:
        # select_related has loaded the related row; no query here.
        value = getattr(record, model_field.name, None)
        return str(value) if value is not None else None
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return None
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, datetime.date):
        return value.isoformat()  # as every date of the diarium pages: 2023-03-20
    return value


def _events(records, model: type[models.Model], subject) -> list[HistoryEvent]:
    """Events for the records of one object, given oldest first."""
    events = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=EXCLUDED_FIELDS)
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                changes.append(
                    FieldChange(
                        label=capfirst(model_field.verbose_name),
                        old=_display(model_field, previous),
                        new=_display(model_field, record),
                    )
                )
        if record.history_type != "~" or changes:
            events.append(
                HistoryEvent(
                    at=record.history_date,
                    user=record.history_user,
                    subject=subject(record),
                    action=_action_label(record),
                    changes=changes,
                )
            )
        previous = record
    return events


def case_history(
    case: Case, *, include_secret_documents: bool = True
) -> list[HistoryEvent]:
    """The events of the case and its documents, newest first.

    Without `include_secret_documents` (for people of another organisation), the
    history of documents that are secret now is left out: their changes would
    show what they are about.
    """
    case_records = case.history.select_related(
        "history_user", "handler", "registered_by", "board"
    ).order_by("history_date", "history_id")
    entry_records = (
        JournalEntry.history.filter(case_id=case.pk)
        .select_related("history_user", "registered_by")
        .order_by("id", "history_date", "history_id")
    )
    if not include_secret_documents:
        entry_records = entry_records.filter(
            id__in=case.entries.filter(secrecy=Secrecy.PUBLIC).values("id")
        )
    events = _events(case_records, Case, lambda record: _("Case"))

    by_entry: dict[int, list] = {}
    for record in entry_records:
        by_entry.setdefault(record.id, []).append(record)
    for records in by_entry.values():
        events += _events(
            records,
            JournalEntry,
            lambda record: (
                _("Document %(number)s") % {"number": f"{case.number}-{record.serial}"}
            ),
        )
    return sorted(events, key=lambda event: event.at, reverse=True)
