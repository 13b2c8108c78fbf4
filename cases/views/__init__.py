"""Views of the cases app, one module per topic; urls.py names them from here."""

from .diarium import (
    case_detail,
    case_edit,
    case_list,
    case_register,
    journal_entry_register,
    public_case,
    public_diarium,
)

__all__ = [
    "case_detail",
    "case_edit",
    "case_list",
    "case_register",
    "journal_entry_register",
    "public_case",
    "public_diarium",
]
