"""The REST API of the cases app, one module per topic, registered in
ssr_portal/api_urls.py:

- cases.py: cases (ärenden) and their journal; the approval workflow's steps,
  dispatching the decision and closing the case, as actions of a case;
- documents.py: a case's tjänsteskrivelse, read whole;
- meetings.py: meetings with their agenda, and the board secretary's steps;
- decisions.py: a decision as read and as recorded;
- justering.py: the justering of the minutes;
- dispatch.py: the dispatch rows and marking one as sent;
- anslag.py: the public anslagstavla;
- base.py: what these share.

Who sees what follows the web pages (`Case.objects.visible_to`,
cases/permissions.py). A step calls the same service as its page; a refusal is
answered by the API's exception handler (ssr_portal/lib/refusals.py).
"""

from .anslag import NoticeViewSet
from .cases import CaseViewSet, JournalEntryViewSet
from .dispatch import DispatchDoneView
from .documents import CaseDocumentView
from .justering import ProposalAnswerView
from .meetings import MeetingViewSet

__all__ = [
    "CaseDocumentView",
    "CaseViewSet",
    "DispatchDoneView",
    "JournalEntryViewSet",
    "MeetingViewSet",
    "NoticeViewSet",
    "ProposalAnswerView",
]
