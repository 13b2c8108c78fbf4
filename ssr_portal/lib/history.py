"""A history for a page: who changed what, when, from what to what.

Reads django-simple-history's records of one object, given oldest first, and
compares each record with the one before it (`diff_against`). Values are shown
as a person reads them: field verbose names, choice labels, names of people.
Rendered by templates/partials/history_table.html. Shared by the case page
(cases/history.py), the vision page and a member's row (targets).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# Bookkeeping that says nothing a reader needs: timestamps move on every save.
EXCLUDED_FIELDS = ("created_at", "updated_at")


@dataclass(frozen=True)
class FieldChange:
    label: str | Promise  # a field's verbose name, often a lazy translation
    old: Any
    new: Any


@dataclass(frozen=True)
class HistoryEvent:
    at: datetime.datetime
    user: Any  # the user, or None for the system (imports, commands)
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    # The object's first record: the page may say "created" in its own words.
    created: bool = False
    # Why, where the change was made with a reason (a return's comment).
    reason: str = ""


def _action_label(record) -> str:
    return {
        "+": _("Created"),
        "~": _("Changed"),
        "-": _("Deleted"),
    }.get(record.history_type, record.history_type)


def history_value(
    model_field: models.Field,
    record,
    shown: dict[str, Callable[[Any], Any]] | None = None,
) -> Any:
    """The value of `model_field` in `record` as a person reads it: a related row
    as its `str` (or as `shown[field name]` makes it), a choice as its label, a
    date as 2023-03-20 (as every date of the diarium pages), empty as None."""
    if model_field.is_relation:
        # select_related has loaded the related row; no query here.
        value = getattr(record, model_field.name, None)
        if value is None:
            return None
        show = (shown or {}).get(model_field.name, str)
        return show(value)
    value = getattr(record, model_field.attname)
    if value in (None, ""):
        return None
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def history_events(
    records: Iterable,
    model: type[models.Model],
    subject: Callable[[Any], str],
    *,
    excluded_fields: Iterable[str] = EXCLUDED_FIELDS,
    shown: dict[str, Callable[[Any], Any]] | None = None,
) -> list[HistoryEvent]:
    """The events of one object's history records, given oldest first: its
    creation, each change that changed a shown field, its deletion. `subject`
    names the object of a record ("Case", "Version 2"); `shown` says how a
    related row reads (`history_value`)."""
    excluded = list(excluded_fields)
    events = []
    previous = None
    for record in records:
        changes: list[FieldChange] = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=excluded)
            for change in delta.changes:
                model_field = model._meta.get_field(change.field)
                # simple-history records concrete fields only, never a reverse relation.
                assert isinstance(model_field, models.Field)
                changes.append(
                    FieldChange(
                        label=capfirst(model_field.verbose_name),
                        old=history_value(model_field, previous, shown),
                        new=history_value(model_field, record, shown),
                    )
                )
        if previous is None or record.history_type != "~" or changes:
            events.append(
                HistoryEvent(
                    at=record.history_date,
                    user=record.history_user,
                    subject=subject(record),
                    action=_action_label(record),
                    changes=changes,
                    created=previous is None,
                )
            )
        previous = record
    return events


def set_history_user(instance: models.Model, user: Any) -> None:
    """Record `user` (or None for the system) as the author of `instance`'s next
    save. django-simple-history reads `instance._history_user` when it writes the
    history record; the attribute is not declared on the model, so mypy cannot
    see it: this helper is the one place that sets it."""
    instance._history_user = user  # type: ignore[attr-defined]
