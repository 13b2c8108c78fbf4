"""The refusals and failures of the cases app's services that are more than a
plain PermissionDenied, StepRefused or ValidationError (those three, and how a
page or the API shows them, are in ssr_portal/lib/refusals.py)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Document


class CaseFrozen(PermissionDenied):
    """A change to a frozen tjänsteskrivelse (submitted, approved or further on).
    A PermissionDenied (403), but no question of who may change the case: the
    refused page does not explain the roles for it."""


class DocumentConflict(Exception):
    """Someone saved the document after the version this save was made from."""

    def __init__(self, document: Document) -> None:
        super().__init__(_("Someone else saved the document while you were writing."))
        self.document = document


class DispatchSendFailed(Exception):
    """The e-mail of a dispatch row could not be sent; the row says why (failed,
    with the error) and the task is tried again."""
