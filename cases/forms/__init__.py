"""Forms of the cases app, one module per topic; they parse and normalise input,
the services decide."""

from .base import DateInput, DesignsystemetFormMixin, add_service_errors
from .diarium import CaseRegisterForm, CaseUpdateForm, JournalEntryForm

__all__ = [
    "CaseRegisterForm",
    "CaseUpdateForm",
    "DateInput",
    "DesignsystemetFormMixin",
    "JournalEntryForm",
    "add_service_errors",
]
