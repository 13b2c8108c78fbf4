"""Changes to a tjänsteskrivelse that show in its PDF but not in its text: its
signatories, the recipients of the decision ("Beslutet ska skickas till") and
the references to earlier cases, and `document_touch`, which every such change
(bilagor and approvals too) calls.

Each change moves the document's revision on (`document_touch`), so the stored
PDF is made anew on the next download. Each one checks that the user may change
the case and that the report is not frozen, then locks the case and its document
(cases/locks.py, as a submission does) and checks "frozen" again under the locks,
so no change slips past a submission (cases/services/workflow.py).
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils.translation import gettext as _

from members.models import Organisation, User
from ssr_portal.lib.history import set_history_user

from ..locks import lock_case_document
from ..models import Case, CaseReference, Document, Recipient, Signatory
from ..permissions import check_may_write
from .transitions import check_not_frozen


def document_touch(document: Document) -> None:
    """Note a change that shows in the PDF but not in the text (attachments,
    recipients, signatories, references): the stored PDF is then made anew."""
    Document.objects.filter(pk=document.pk).update(revision=F("revision") + 1)
    document.refresh_from_db(fields=["revision"])


# Signatories, recipients and references -------------------------------------


def _check_may_change(*, user: User, case: Case) -> None:
    """Refuse a user who may not change the case, and a frozen report (before
    any lock: a quick refusal; `_lock_for_change` checks "frozen" again)."""
    check_may_write(
        user=user, board=case.board, message=_("You may not change this case.")
    )
    check_not_frozen(case)


def _lock_for_change(case: Case) -> None:
    """Lock the case and its document (cases/locks.py: the order a submission
    takes too) and check again under the locks that the report is not frozen: a
    submission that committed while this change waited refuses it."""
    locked, _document = lock_case_document(case)
    check_not_frozen(locked)


def _touch_document_of(case: Case) -> None:
    document = Document.objects.filter(case=case).first()
    if document is not None:
        document_touch(document)


def _next_position(rows) -> int:
    highest = rows.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _move(rows: list[Any], row: Signatory | Recipient, offset: int) -> bool:
    """Move `row` by `offset` places within `rows` (ordered, the rows of its
    panel, of its model) and number them all 0, 1, 2, …; False when it cannot
    move (already first or last)."""
    index = next((i for i, r in enumerate(rows) if r.pk == row.pk), None)
    if index is None:
        return False
    target = index + offset
    if offset == 0 or not 0 <= target < len(rows):
        return False
    rows.insert(target, rows.pop(index))
    for position, item in enumerate(rows):
        item.position = position
    type(row).objects.bulk_update(rows, ["position"])
    return True


def _renumber(rows: list[Any]) -> None:
    """Number the rows of one panel (signatories or recipients) 0, 1, 2, …"""
    for position, item in enumerate(rows):
        item.position = position
    if rows:
        type(rows[0]).objects.bulk_update(rows, ["position"])


def _panel_of(
    row: Signatory | Recipient,
) -> tuple[Case, QuerySet, Callable[[], None]]:
    """The case of a signatory or recipient, the rows of its panel, and how a
    change to them moves the document's revision on."""
    if isinstance(row, Signatory):
        document = row.document
        return (
            document.case,
            document.signatories.all(),
            partial(document_touch, document),
        )
    return row.case, row.case.recipients.all(), partial(_touch_document_of, row.case)


def panel_row_remove(*, row: Signatory | Recipient, user: User) -> None:
    """Remove a signatory or recipient; the others of its panel keep their order."""
    case, rows, touch = _panel_of(row)
    _check_may_change(user=user, case=case)
    with transaction.atomic():
        _lock_for_change(case)
        set_history_user(row, user)
        row.delete()
        _renumber(list(rows.order_by("position", "pk")))
        touch()


def panel_row_move(*, row: Signatory | Recipient, user: User, offset: int) -> bool:
    """Move a signatory or recipient up (offset -1) or down (+1) in its panel;
    False if it cannot move."""
    case, rows, touch = _panel_of(row)
    _check_may_change(user=user, case=case)
    with transaction.atomic():
        # Every change to the panel locks the case first: the rows need no lock.
        _lock_for_change(case)
        moved = _move(list(rows.order_by("position", "pk")), row, offset)
        if moved:
            touch()
    return moved


def signatory_add(
    *,
    document: Document,
    user: User,
    name: str = "",
    title: str = "",
    person: User | None = None,
) -> Signatory:
    """Add a signatory at the end: a person of the organisation (whose name and
    title are taken unless written), or a name and title as typed."""
    case = document.case
    _check_may_change(user=user, case=case)
    errors = {}
    if person is not None:
        if person.organisation_id != case.board.organisation_id:
            errors["person"] = _(
                "The signatory must belong to the case's organisation."
            )
        elif document.signatories.filter(user=person).exists():
            errors["person"] = _("%(name)s already signs the report.") % {
                "name": person.get_full_name() or person.username
            }
        name = name.strip() or person.get_full_name() or person.username
        title = title.strip() or person.title
    name, title = name.strip(), title.strip()
    if not name:
        errors.setdefault("name", _("Choose a person or write a name."))
    if not title:
        errors.setdefault("title", _("Write the signatory's title."))
    if (
        "person" not in errors
        and name
        and document.signatories.filter(name__iexact=name).exists()
    ):
        errors["name"] = _("%(name)s already signs the report.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_for_change(case)
        signatory = Signatory(
            document=document,
            position=_next_position(document.signatories.all()),
            name=name,
            title=title,
            user=person,
        )
        signatory.full_clean()
        set_history_user(signatory, user)
        signatory.save()
        document_touch(document)
    return signatory


def signatory_remove(*, signatory: Signatory, user: User) -> None:
    """Remove a signatory; the others keep their order."""
    panel_row_remove(row=signatory, user=user)


def signatory_move(*, signatory: Signatory, user: User, offset: int) -> bool:
    """Move a signatory up (offset -1) or down (+1); False if it cannot move."""
    return panel_row_move(row=signatory, user=user, offset=offset)


def recipient_add(
    *,
    case: Case,
    user: User,
    organisation: Organisation | None = None,
    name: str = "",
    email: str = "",
) -> Recipient:
    """Add a recipient of the decision at the end: a member organisation (printed
    by its name unless another is written), or a name as typed."""
    _check_may_change(user=user, case=case)
    name, email = name.strip(), email.strip()
    if organisation is not None and not name:
        name = organisation.name
    errors = {}
    if not name:
        errors["name"] = _("Choose an organisation or write a name.")
    elif (
        organisation is not None
        and case.recipients.filter(organisation=organisation).exists()
    ):
        errors["organisation"] = _("%(name)s is already a recipient.") % {
            "name": organisation.name
        }
    elif case.recipients.filter(name__iexact=name).exists():
        errors["name"] = _("%(name)s is already a recipient.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_for_change(case)
        recipient = Recipient(
            case=case,
            position=_next_position(case.recipients.all()),
            organisation=organisation,
            name=name,
            email=email,
        )
        recipient.full_clean()
        set_history_user(recipient, user)
        recipient.save()
        _touch_document_of(case)
    return recipient


def recipient_remove(*, recipient: Recipient, user: User) -> None:
    """Remove a recipient; the others keep their order."""
    panel_row_remove(row=recipient, user=user)


def recipient_move(*, recipient: Recipient, user: User, offset: int) -> bool:
    """Move a recipient up (offset -1) or down (+1); False if it cannot move."""
    return panel_row_move(row=recipient, user=user, offset=offset)


def reference_add(
    *, case: Case, user: User, referenced_case: Case, note: str = ""
) -> CaseReference:
    """Refer from a case to an earlier one the user may see, once, never to itself.

    On the portal's pages every mention of the earlier case's number in the text
    becomes a link to it; the PDF keeps the number as plain text."""
    _check_may_change(user=user, case=case)
    if not user.is_system and not (
        Case.objects.visible_to(user).filter(pk=referenced_case.pk).exists()
    ):
        raise PermissionDenied(_("You may not see that case."))
    if referenced_case.pk == case.pk:
        raise ValidationError({"referenced_case": _("A case cannot refer to itself.")})
    if case.references.filter(referenced_case=referenced_case).exists():
        raise ValidationError(
            {
                "referenced_case": _("The case already refers to %(number)s.")
                % {"number": referenced_case.number}
            }
        )
    with transaction.atomic():
        _lock_for_change(case)
        reference = CaseReference(
            case=case, referenced_case=referenced_case, note=note.strip()
        )
        reference.full_clean()
        set_history_user(reference, user)
        reference.save()
        _touch_document_of(case)
    return reference


def reference_remove(*, reference: CaseReference, user: User) -> None:
    """Remove a reference to an earlier case."""
    case = reference.case
    _check_may_change(user=user, case=case)
    with transaction.atomic():
        _lock_for_change(case)
        set_history_user(reference, user)
        reference.delete()
        _touch_document_of(case)
