"""The history of a case for its page: who changed what, when, from what to what.

Reads django-simple-history's records of the case and of its registered documents
in two queries, whatever their number; ssr_portal/lib/history.py compares each
record with the one before it and shows the values as a person reads them.
"""

from django.utils.translation import gettext as _

from ssr_portal.lib.history import HistoryEvent, history_events

from .models import Case, JournalEntry, Secrecy

# Bookkeeping that says nothing a reader needs: timestamps move on every save and
# the reminder date is set by the daily command, not by a person.
EXCLUDED_FIELDS = ["created_at", "updated_at", "follow_up_reminded_date"]


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
    events = history_events(
        case_records,
        Case,
        lambda record: _("Case"),
        excluded_fields=EXCLUDED_FIELDS,
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
