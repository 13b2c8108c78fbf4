"""The parts of the vision the SSR-samordnare keeps on the coordinator's pages
(views/manage.py, STYLE.md §4): foundations, goals, milestones, versions,
bilagor and the network's aktiverade lägen.

Every service refuses anyone but the SSR-samordnare (PermissionDenied), runs in
one transaction and records the user in the part's history. Adding a part of a
vision locks the vision's row first, so that two parts added at the same moment
take the next number (versions) or the next position one after the other. A
change carries the fingerprint of the part as the form showed it: a part saved
by someone else in between is refused (ValidationError, code "conflict") and
nothing is saved. A goal with a follow-up recorded is never removed (StepRefused).
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cases.uploads import CheckedUpload
from members.models import User
from ssr_portal.lib.history import set_history_user
from ssr_portal.lib.refusals import StepRefused

from ..models import (
    Activation,
    Foundation,
    Goal,
    Milestone,
    Vision,
    VisionDocument,
    VisionVersion,
)
from ..permissions import check_manager

# The fields of each changeable part whose saved values make its fingerprint, in
# the order of the part's form.
FINGERPRINT_FIELDS = {
    Foundation: ("title", "text", "position"),
    Goal: ("title", "ambition", "position"),
    Milestone: ("title", "due_date", "status", "goal"),
}

# A part of a vision that `_add` and `_change` handle (`_remove` a bilaga too).
_Part = Foundation | Goal | Milestone


def part_fingerprint(part: _Part) -> str:
    """A short digest of the part's saved values: the form carries it, the
    change service compares it with the row under its lock."""
    values = [
        # The fingerprint's fields are concrete fields, never a reverse relation.
        str(getattr(part, cast(models.Field, part._meta.get_field(name)).attname))
        for name in FINGERPRINT_FIELDS[type(part)]
    ]
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]


def _lock_vision(vision: Vision) -> Vision:
    return Vision.objects.select_for_update(of=("self",)).get(pk=vision.pk)


def _next_position(model: Any, vision: Vision) -> int:
    """The position after the last of the vision's rows of `model` (Foundation,
    Goal or VisionDocument: a model with a position within its vision)."""
    last = model.objects.filter(vision=vision).aggregate(Max("position"))
    return 0 if last["position__max"] is None else last["position__max"] + 1


def _save(part: models.Model, user: User) -> None:
    part.full_clean()
    set_history_user(part, user)
    part.save()


def _add(part: _Part, *, vision: Vision, user: User, position: int | None):
    """Add a part under the lock of its vision: last when no position is given."""
    check_manager(user)
    with transaction.atomic():
        part.vision = _lock_vision(vision)
        if hasattr(part, "position"):
            part.position = (
                _next_position(type(part), vision) if position is None else position
            )
        _save(part, user)
    return part


def _change(part: _Part, *, user: User, base: str, **fields):
    """Change a part under its lock, refused when it changed since the form was
    shown (`base` is the fingerprint the form carried); an empty position keeps
    the part's place."""
    check_manager(user)
    with transaction.atomic():
        _lock_vision(part.vision)
        locked = type(part).objects.select_for_update(of=("self",)).get(pk=part.pk)
        if base != part_fingerprint(locked):
            raise ValidationError(
                _(
                    "Someone else changed this part while you were writing, and "
                    "nothing was saved. Your text is still in the form: open the "
                    "page again to see their version."
                ),
                code="conflict",
            )
        if fields.get("position", "") is None:
            del fields["position"]
        for name, value in fields.items():
            setattr(locked, name, value)
        _save(locked, user)
    return locked


def _remove(part: _Part | VisionDocument, *, user: User) -> None:
    check_manager(user)
    with transaction.atomic():
        _lock_vision(part.vision)
        locked = type(part).objects.select_for_update(of=("self",)).get(pk=part.pk)
        set_history_user(locked, user)
        locked.delete()


# --- foundations, goals and milestones ---------------------------------------------


def foundation_add(
    *, vision: Vision, user: User, title: str, text: str, position: int | None = None
) -> Foundation:
    """Add a grundförutsättning; without a position it comes last."""
    part = Foundation(title=title, text=text)
    return _add(part, vision=vision, user=user, position=position)


def foundation_change(
    *,
    foundation: Foundation,
    user: User,
    base: str,
    title: str,
    text: str,
    position: int | None = None,
) -> Foundation:
    """Change a grundförutsättning, unless someone else changed it since `base`."""
    return _change(
        foundation, user=user, base=base, title=title, text=text, position=position
    )


def foundation_remove(*, foundation: Foundation, user: User) -> None:
    """Remove a grundförutsättning (it stays in the history)."""
    _remove(foundation, user=user)


def goal_add(
    *,
    vision: Vision,
    user: User,
    title: str,
    ambition: str,
    position: int | None = None,
) -> Goal:
    """Add a målsättning; without a position it comes last."""
    part = Goal(title=title, ambition=ambition)
    return _add(part, vision=vision, user=user, position=position)


def goal_change(
    *,
    goal: Goal,
    user: User,
    base: str,
    title: str,
    ambition: str,
    position: int | None = None,
) -> Goal:
    """Change a målsättning, unless someone else changed it since `base`."""
    return _change(
        goal, user=user, base=base, title=title, ambition=ambition, position=position
    )


def goal_remove(*, goal: Goal, user: User) -> None:
    """Remove a målsättning; refused (StepRefused) once a follow-up is recorded
    for it, since removing it would remove its yearly follow-up and evidence."""
    check_manager(user)
    with transaction.atomic():
        _lock_vision(goal.vision)
        locked = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
        if locked.follow_ups.exists():
            raise StepRefused(
                _(
                    "The goal “%(title)s” has a follow-up recorded and cannot be "
                    "removed; change it instead."
                )
                % {"title": str(locked)}
            )
        set_history_user(locked, user)
        locked.delete()


def milestone_add(
    *,
    vision: Vision,
    user: User,
    title: str,
    due_date: datetime.date | None,
    status: str,
    goal: Goal | None = None,
) -> Milestone:
    """Add a milstolpe, of one goal of this vision or of the vision as a whole."""
    # No date (None) is refused by full_clean in _add, as the form's error.
    part = Milestone(title=title, due_date=due_date, status=status, goal=goal)  # type: ignore[misc]
    _check_goal(vision, goal)
    return _add(part, vision=vision, user=user, position=None)


def milestone_change(
    *,
    milestone: Milestone,
    user: User,
    base: str,
    title: str,
    due_date: datetime.date | None,
    status: str,
    goal: Goal | None = None,
) -> Milestone:
    """Change a milstolpe, unless someone else changed it since `base`."""
    _check_goal(milestone.vision, goal)
    return _change(
        milestone,
        user=user,
        base=base,
        title=title,
        due_date=due_date,
        status=status,
        goal=goal,
    )


def milestone_remove(*, milestone: Milestone, user: User) -> None:
    """Remove a milstolpe (it stays in the history)."""
    _remove(milestone, user=user)


def _check_goal(vision: Vision, goal: Goal | None) -> None:
    """The form offers this vision's goals only; anything else is a caller's bug."""
    if goal is not None and goal.vision_id != vision.pk:
        raise ValueError("The milestone's goal belongs to another vision.")


# --- versions and bilagor -------------------------------------------------------------


def vision_version_add(
    *,
    vision: Vision,
    user: User,
    kind: str,
    date: datetime.date,
    decided_by: str = "",
    note: str = "",
) -> VisionVersion:
    """Add a version of the vision: its number is the last one + 1, taken under
    the vision's lock, so that two versions added at once get two numbers."""
    check_manager(user)
    with transaction.atomic():
        locked = _lock_vision(vision)
        last = locked.versions.aggregate(Max("number"))["number__max"] or 0
        version = VisionVersion(
            vision=locked,
            number=last + 1,
            kind=kind,
            date=date,
            decided_by=decided_by,
            note=note,
        )
        _save(version, user)
    return version


def vision_document_add(
    *, vision: Vision, user: User, upload: CheckedUpload, title: str = ""
) -> VisionDocument:
    """Add a bilaga of the vision (the file checked by cases.uploads.check_upload);
    without a title it takes the file's name. It comes last."""
    check_manager(user)
    with transaction.atomic():
        locked = _lock_vision(vision)
        document = VisionDocument(
            vision=locked,
            position=_next_position(VisionDocument, locked),
            title=title.strip() or upload.name,
            original_name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
        )
        upload.file.seek(0)
        document.file.save(upload.name, upload.file, save=False)
        set_history_user(document, user)
        document.save()
    return document


def vision_document_remove(*, document: VisionDocument, user: User) -> None:
    """Remove a bilaga of the vision (it stays in the history)."""
    _remove(document, user=user)


# --- aktiverat läge -----------------------------------------------------------------


def activation_add(
    *,
    user: User,
    started_on: datetime.date,
    reason: str,
    ended_on: datetime.date | None = None,
    level: str = "",
    requested_by: str = "",
) -> Activation:
    """Log a period of aktiverat läge of the network (tied to no one vision)."""
    check_manager(user)
    activation = Activation(
        started_on=started_on,
        ended_on=ended_on,
        level=level,
        reason=reason,
        requested_by=requested_by,
    )
    with transaction.atomic():
        _save(activation, user)
    return activation


def activation_end(
    *, activation: Activation, user: User, ended_on: datetime.date
) -> Activation:
    """End an ongoing aktiverat läge; refused (StepRefused) when it had already
    ended, and the end date cannot be before the start date (ValidationError)."""
    check_manager(user)
    with transaction.atomic():
        locked = Activation.objects.select_for_update(of=("self",)).get(
            pk=activation.pk
        )
        if not locked.is_ongoing:
            raise StepRefused(_("The activated mode had already ended."))
        locked.ended_on = ended_on
        _save(locked, user)
    return locked
