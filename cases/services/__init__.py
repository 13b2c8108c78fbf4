"""Every write of the cases app (STYLE.md §4), one module per topic."""

from .diarium import (
    case_import,
    case_register,
    case_send_follow_up_reminders,
    case_update,
    journal_entry_register,
    user_may_register,
    user_may_write,
)

__all__ = [
    "case_import",
    "case_register",
    "case_send_follow_up_reminders",
    "case_update",
    "journal_entry_register",
    "user_may_register",
    "user_may_write",
]
