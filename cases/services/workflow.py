"""The approval workflow of a case's tjänsteskrivelse (DESIGN.md "Workflow of a
case", STYLE.md §4): submit, return with a comment, approve, reopen.

Each step is one function that locks the case, checks the user's role and the
case's status (`Case.can_change_status`), writes the step in the approval trail
(`ApprovalEvent`) and the status in the case's history, all in one transaction.
Each recorded step fires the hook `cases.hooks.on_approval_step` in that transaction.

- A user who may not take the step (wrong role or organisation) gets
  PermissionDenied; a step the case's status does not allow gets StepRefused;
  both say why, and nothing is changed.
- While a case is submitted, approved or further on, its tjänsteskrivelse is
  frozen: `check_not_frozen` (cases/services/transitions.py) refuses every
  change (CaseFrozen). Each step locks the case and then its document
  (cases/locks.py), as every change to the document does, and each change
  checks "frozen" again under those locks: a change and a submission cannot
  interleave.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import User
from members.roles import Role
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.refusals import StepRefused

from .. import hooks
from ..locks import lock_case, lock_case_document
from ..models import ApprovalEvent, Case, Document, DocumentVersion
from .document_parts import document_touch
from .notices import notify_approval_step
from .transitions import case_transition

SUBMIT, RETURN, APPROVE, REOPEN = "submit", "return", "approve", "reopen"
STEPS = (SUBMIT, RETURN, APPROVE, REOPEN)


# Who may take which step ------------------------------------------------------


def _same_organisation(user: User, case: Case) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id is not None
        and user.organisation_id == case.board.organisation_id
    )


def _is_official(user: User, case: Case) -> bool:
    """The case's handläggare: an official of its organisation, or its handler."""
    return _same_organisation(user, case) and (
        user.has_role(Role.OFFICIAL) or case.handler_id == user.pk
    )


def _is_director(user: User, case: Case) -> bool:
    """A kommundirektör (or biträdande) of the case's organisation."""
    return _same_organisation(user, case) and user.has_role(Role.DIRECTOR)


def four_eyes_refusal(*, user: User, case: Case) -> str:
    """Why the four-eyes rule keeps this user from approving the case, or "":
    nobody approves a case they handle or an official report they wrote (saved a
    version of), unless the organisation has turned the rule off
    (Organisation.four_eyes_approval)."""
    if not case.board.organisation.four_eyes_approval or not user.is_authenticated:
        return ""
    if case.handler_id == user.pk:
        return _(
            "You handle this case, so another chief executive must approve it "
            "(the four-eyes rule)."
        )
    wrote = DocumentVersion.objects.filter(document__case=case, saved_by=user).exists()
    if wrote:
        return _(
            "You wrote parts of this official report, so another chief executive "
            "must approve it (the four-eyes rule)."
        )
    return ""


def _check_role(step: str, user: User, case: Case) -> None:
    if step in (SUBMIT, REOPEN):
        if not _is_official(user, case):
            raise PermissionDenied(
                _(
                    "Only a case officer of %(organisation)s may submit the case "
                    "for approval or reopen it."
                )
                % {"organisation": case.board.organisation.name}
            )
    elif not _is_director(user, case):
        raise PermissionDenied(
            _(
                "Only a chief executive of %(organisation)s may approve the case "
                "or return it."
            )
            % {"organisation": case.board.organisation.name}
        )
    elif step == APPROVE and (refusal := four_eyes_refusal(user=user, case=case)):
        raise PermissionDenied(refusal)


TARGET = {
    SUBMIT: Case.Status.SUBMITTED,
    RETURN: Case.Status.DRAFTING,
    APPROVE: Case.Status.APPROVED,
    REOPEN: Case.Status.DRAFTING,
}
# The status each step starts from (returning and reopening both lead to drafting).
SOURCE = {
    SUBMIT: Case.Status.DRAFTING,
    RETURN: Case.Status.SUBMITTED,
    APPROVE: Case.Status.SUBMITTED,
    REOPEN: Case.Status.APPROVED,
}


def _check_state(step: str, case: Case) -> None:
    if case.status != SOURCE[step] or not case.can_change_status(TARGET[step]):
        status = case.get_status_display().lower()
        messages = {
            SUBMIT: _(
                "The case cannot be submitted for approval while it is %(status)s."
            ),
            RETURN: _(
                "Only a case submitted for approval can be returned; it is %(status)s."
            ),
            APPROVE: _(
                "Only a case submitted for approval can be approved; it is %(status)s."
            ),
            REOPEN: _(
                "Only an approved case can be reopened for changes; it is %(status)s."
            ),
        }
        raise StepRefused(messages[step] % {"status": status})


def _has_text(document: Document | None) -> bool:
    return document is not None and document.sections.exclude(text="").exists()


def _check_document(step: str, document: Document | None) -> None:
    if document is None:
        raise StepRefused(_("The case has no official report yet."))
    if step == SUBMIT and not _has_text(document):
        raise StepRefused(
            _("Write the official report before submitting it: every section is empty.")
        )


def _check(step: str, *, case: Case, user: User, document: Document | None) -> None:
    _check_role(step, user, case)
    _check_state(step, case)
    _check_document(step, document)


def check_step(step: str, *, case: Case, user: User) -> None:
    """Refuse (PermissionDenied or StepRefused) a step the user may not take now,
    without taking it: for a page that asks for more input first."""
    _check_role(step, user, case)
    _check_state(step, case)


def case_actions_for(*, case: Case, user: User) -> list[str]:
    """The steps the user may take on the case now (what the actions panel shows)."""
    actions = []
    for step in STEPS:
        try:
            _check_role(step, user, case)
            _check_state(step, case)
            if step == SUBMIT:
                _check_document(step, Document.objects.filter(case=case).first())
        except (PermissionDenied, StepRefused):
            continue
        actions.append(step)
    return actions


# The steps --------------------------------------------------------------------


def _step(step: str, *, case: Case, user: User, comment: str = "") -> ApprovalEvent:
    """Lock the case and its document, check, move the status and record the step."""
    with transaction.atomic():
        locked, document = lock_case_document(case)
        _check(step, case=locked, user=user, document=document)
        assert document is not None  # _check refused a case without one
        case_transition(case=locked, to=TARGET[step], user=user)
        event = ApprovalEvent(
            case=locked,
            document=document,
            kind={
                SUBMIT: ApprovalEvent.Kind.SUBMITTED,
                RETURN: ApprovalEvent.Kind.RETURNED,
                APPROVE: ApprovalEvent.Kind.APPROVED,
                REOPEN: ApprovalEvent.Kind.REOPENED,
            }[step],
            document_version=document.version,
            user=user,
            comment=comment,
        )
        event.full_clean()
        set_history_user(event, user)
        event.save()
        hooks.on_approval_step.fire(event=event)
        notify_approval_step(event=event)
        if step in (APPROVE, REOPEN):
            # The approval shows in the PDF's signature block: make it anew.
            document_touch(document)
    case.status = locked.status
    return event


def case_submit(*, case: Case, user: User) -> ApprovalEvent:
    """The handläggare submits the tjänsteskrivelse for approval: drafting →
    submitted. The document needs at least one section with text."""
    return _step(SUBMIT, case=case, user=user)


def case_return(*, case: Case, user: User, comment: str) -> ApprovalEvent:
    """The kommundirektör returns it with a comment: submitted → drafting. The
    handläggare sees the comment until the case is submitted again."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            {"comment": _("Write what should be changed before the case is returned.")}
        )
    return _step(RETURN, case=case, user=user, comment=comment)


def case_approve(*, case: Case, user: User) -> ApprovalEvent:
    """The kommundirektör approves the submitted version: submitted → approved.
    Records who, when and which version; the document stays frozen."""
    return _step(APPROVE, case=case, user=user)


def case_reopen(*, case: Case, user: User, reason: str) -> ApprovalEvent:
    """The handläggare reopens an approved case for changes: approved → drafting.
    The earlier approval stays in the trail; the case needs a new approval."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the approved official report is reopened.")}
        )
    return _step(REOPEN, case=case, user=user, comment=reason)


def case_start_drafting(*, case: Case, user: User | None) -> None:
    """registered → drafting, when its tjänsteskrivelse is started (inside the
    caller's transaction). A case in any other status is left as it is."""
    locked = lock_case(case)
    if locked.status != Case.Status.REGISTERED:
        return
    case_transition(
        case=locked,
        to=Case.Status.DRAFTING,
        user=user,
        refusal=_("The case cannot move to drafting."),
    )
    case.status = locked.status


# Reading the trail --------------------------------------------------------------


def approval_trail(case: Case) -> list[ApprovalEvent]:
    """Every step of the case's approval workflow, oldest first."""
    return list(
        ApprovalEvent.objects.filter(case=case)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def current_approval(
    case: Case, trail: list[ApprovalEvent] | None = None
) -> ApprovalEvent | None:
    """The approval that holds: the newest step, when it is an approval and the
    case has not gone back to drafting since."""
    if trail is None:
        latest = (
            ApprovalEvent.objects.filter(case=case)
            .select_related("user")
            .order_by("-created_at", "-pk")
            .first()
        )
    else:
        latest = trail[-1] if trail else None
    if (
        latest is not None
        and latest.kind == ApprovalEvent.Kind.APPROVED
        and case.is_frozen
    ):
        return latest
    return None


def open_return(
    case: Case, trail: list[ApprovalEvent] | None = None
) -> ApprovalEvent | None:
    """The comment of the last return, while the case has not been submitted again."""
    trail = approval_trail(case) if trail is None else trail
    latest = trail[-1] if trail else None
    if (
        latest is not None
        and latest.kind == ApprovalEvent.Kind.RETURNED
        and case.status == Case.Status.DRAFTING
    ):
        return latest
    return None
