"""Forms of the cases app, one module per topic; they parse and normalise input,
the services decide."""

from .diarium import CaseRegisterForm, CaseUpdateForm, JournalEntryForm

__all__ = [
    "CaseRegisterForm",
    "CaseUpdateForm",
    "JournalEntryForm",
]
