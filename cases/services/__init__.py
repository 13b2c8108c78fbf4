"""Every write of the cases app (STYLE.md §4), one module per topic."""

from .diarium import (
    case_import,
    case_register,
    case_send_follow_up_reminders,
    case_update,
    journal_entry_register,
)
from .document_parts import document_touch
from .documents import (
    SectionInput,
    SectionView,
    document_content,
    document_html,
    document_pdf,
    document_save,
    document_start,
    document_view,
)

__all__ = [
    "SectionInput",
    "SectionView",
    "document_content",
    "document_html",
    "document_pdf",
    "document_save",
    "document_start",
    "document_touch",
    "document_view",
    "case_import",
    "case_register",
    "case_send_follow_up_reminders",
    "case_update",
    "journal_entry_register",
]
