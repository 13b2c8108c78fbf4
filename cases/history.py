"""The history of a case for its page: who changed what, when, from what to what.

Reads django-simple-history's records of the case and of its registered documents
in two queries, whatever their number; ssr_portal/lib/history.py compares each
record with the one before it and shows the values as a person reads them.
"""

import dataclasses

from django.utils.translation import gettext as _

from ssr_portal.lib.history import HistoryEvent, history_events

from .models import ApprovalEvent, Case, JournalEntry, Secrecy

# Bookkeeping that says nothing a reader needs: timestamps move on every save and
# the reminder date is set by the daily command, not by a person.
EXCLUDED_FIELDS = ["created_at", "updated_at", "follow_up_reminded_date"]


def case_history(
    case: Case,
    *,
    include_secret_documents: bool = True,
    steps: list[ApprovalEvent] | None = None,
) -> list[HistoryEvent]:
    """The events of the case and its documents, newest first.

    Without `include_secret_documents` (for people of another organisation), the
    history of documents that are secret now is left out: their changes would
    show what they are about. `steps` is the approval trail where the caller
    has read it (cases.services.workflow.approval_trail), else it is read here;
    an empty list (for those who do not see the trail) shows no step comments.
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
    if steps is None:
        steps = list(
            ApprovalEvent.objects.filter(case=case).order_by("created_at", "pk")
        )
    events = _with_step_comments(
        steps,
        history_events(
            case_records,
            Case,
            lambda record: _("Case"),
            excluded_fields=EXCLUDED_FIELDS,
        ),
    )

    by_entry: dict[int, list] = {}
    for record in entry_records:
        by_entry.setdefault(record.id, []).append(record)
    for records in by_entry.values():
        events += history_events(
            records,
            JournalEntry,
            lambda record: (
                _("Document %(number)s") % {"number": f"{case.number}-{record.serial}"}
            ),
            excluded_fields=EXCLUDED_FIELDS,
        )
    return sorted(events, key=lambda event: event.at, reverse=True)


def _with_step_comments(
    steps: list[ApprovalEvent], events: list[HistoryEvent]
) -> list[HistoryEvent]:
    """The case's events (oldest first), each status change of an approval step
    named by its step ("returned with comment") and carrying the step's comment:
    a return's or a reopening's comment is what the history's reader looks for.

    The step saves the case (its history record) and then records the
    ApprovalEvent in the same transaction, so a step's record is the last case
    record at or before the step's time."""
    events = list(events)
    for step in steps:
        earlier = [i for i, event in enumerate(events) if event.at <= step.created_at]
        if not earlier:
            continue
        index = earlier[-1]
        events[index] = dataclasses.replace(
            events[index], action=step.get_kind_display(), reason=step.comment
        )
    return events
