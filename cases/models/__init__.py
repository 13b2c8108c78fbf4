"""Models of the cases app, one module per topic (STYLE.md §2)."""

from .diarium import Case, DiariumSeries, JournalEntry, Secrecy

__all__ = ["Case", "DiariumSeries", "JournalEntry", "Secrecy"]
