"""Models of the cases app, one module per topic (STYLE.md §2)."""

from .diarium import Case, DiariumSeries, JournalEntry, Secrecy
from .documents import (
    Attachment,
    CaseReference,
    Document,
    DocumentTemplate,
    DocumentVersion,
    Recipient,
    Section,
    SectionTemplate,
    Signatory,
)
from .meetings import (
    AgendaItem,
    Decision,
    DecisionStatement,
    Meeting,
    MemberVote,
    ParagraphSeries,
    Vote,
)
from .workflow import ApprovalEvent

__all__ = [
    "AgendaItem",
    "Decision",
    "DecisionStatement",
    "Meeting",
    "MemberVote",
    "ParagraphSeries",
    "Vote",
    "ApprovalEvent",
    "Attachment",
    "Case",
    "CaseReference",
    "DiariumSeries",
    "Document",
    "DocumentTemplate",
    "DocumentVersion",
    "JournalEntry",
    "Recipient",
    "Secrecy",
    "Section",
    "SectionTemplate",
    "Signatory",
]
