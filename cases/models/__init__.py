"""Models of the cases app, one module per topic (STYLE.md §2)."""

from .anslag import Dispatch, Notice
from .classification import CaseClass
from .consultations import Consultation
from .diarium import Case, DiariumSeries, JournalEntry, Secrecy
from .documents import (
    Attachment,
    CaseReference,
    Document,
    DocumentTemplate,
    DocumentTitle,
    DocumentVersion,
    PrintedTitle,
    Recipient,
    Section,
    SectionTemplate,
    Signatory,
)
from .justering import ChangeProposal, Justering, JusteringConfirmation
from .meetings import (
    AgendaItem,
    Decision,
    DecisionStatement,
    Meeting,
    MemberVote,
    ParagraphSeries,
    Vote,
)
from .search import CaseSearchEntry
from .workflow import ApprovalEvent

__all__ = [
    "Dispatch",
    "Notice",
    "AgendaItem",
    "Decision",
    "DecisionStatement",
    "Meeting",
    "MemberVote",
    "ParagraphSeries",
    "Vote",
    "ChangeProposal",
    "Justering",
    "JusteringConfirmation",
    "ApprovalEvent",
    "Attachment",
    "Case",
    "CaseSearchEntry",
    "CaseClass",
    "Consultation",
    "CaseReference",
    "DiariumSeries",
    "DocumentTitle",
    "PrintedTitle",
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
