"""The yearly follow-up of the vision's goals (STYLE.md §4): `follow_up_set`
records a goal's status for a year, `evidence_add` its evidence, and
`follow_up_chart` gives the data of the progress chart.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import (
    Case,
)
from cases.uploads import ATTACHMENT_TYPES, check_upload
from members.models import User
from ssr_portal.lib.history import set_history_user

from ..exceptions import FollowUpConflict
from ..models import (
    Evidence,
    Goal,
    GoalFollowUp,
    Vision,
)
from ..permissions import check_manager

# --- follow-up ---------------------------------------------------------------------


def follow_up_set(
    *,
    goal: Goal,
    year: int,
    status: str,
    comment: str = "",
    user: User,
    check_base: bool = False,
    base_updated_at: datetime.datetime | None = None,
) -> GoalFollowUp:
    """Record (or change) the goal's status for one year of the period.

    With `check_base`, the row must still be the one the form was made from:
    updated at `base_updated_at`, or not there at all when that is None; else
    FollowUpConflict and nothing changes (two coordinators never silently
    overwrite each other)."""
    check_manager(user)
    with transaction.atomic():
        # The goal's lock first: two first records of one year then come one
        # after the other (the second sees the first), never a duplicate row.
        Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
        row = (
            GoalFollowUp.objects.select_for_update(of=("self",))
            .filter(goal=goal, year=year)
            .first()
        )
        if check_base and (row.updated_at if row else None) != base_updated_at:
            raise FollowUpConflict(row)
        if row is None:
            row = GoalFollowUp(goal=goal, year=year)
        row.status = status
        row.comment = comment.strip()
        row.recorded_by = user
        row.full_clean()
        set_history_user(row, user)
        row.save()
    return row


def evidence_add(
    *,
    follow_up: GoalFollowUp,
    user: User,
    kind: str,
    title: str,
    url: str = "",
    case: Case | None = None,
    file=None,
) -> Evidence:
    check_manager(user)
    evidence = Evidence(
        follow_up=follow_up, kind=kind, title=title.strip(), url=url.strip(), case=case
    )
    errors: dict[str, str | list[str]] = {}
    if not evidence.title:
        errors["title"] = _("Give the evidence a title.")
    if kind == Evidence.Kind.CASE and case is None:
        errors["case"] = _("Choose the case.")
    if kind == Evidence.Kind.FILE and file is None:
        errors["file"] = _("Choose the file.")
    needs_source = kind in (
        Evidence.Kind.LINK,
        Evidence.Kind.EXERCISE,
        Evidence.Kind.EVALUATION,
    )
    if needs_source and not evidence.url and file is None and case is None:
        errors["url"] = _("Give a link, a file or a case.")
    if file is not None and "file" not in errors:
        try:
            checked = check_upload(file, allowed=ATTACHMENT_TYPES)
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The follow-up's lock: the evidence is added to the row as it is now.
        GoalFollowUp.objects.select_for_update(of=("self",)).get(pk=follow_up.pk)
        if file is not None:
            checked.file.seek(0)
            evidence.original_name = checked.name
            evidence.file.save(checked.name, checked.file, save=False)
        evidence.full_clean()
        set_history_user(evidence, user)
        evidence.save()
    return evidence


@dataclass
class ChartYear:
    year: int
    counts: dict[str, int]


def follow_up_chart(vision: Vision) -> dict:
    """The data of the progress chart: for every goal, its status per year of the
    period (None where nothing is recorded), and per year the count of goals in
    each status. Two queries."""
    goals = list(vision.goals.prefetch_related("follow_ups"))
    years = vision.years
    per_goal = []
    per_year: dict[int, Counter[str]] = {year: Counter() for year in years}
    for goal in goals:
        by_year = {f.year: f for f in goal.follow_ups.all()}
        statuses = []
        for year in years:
            row = by_year.get(year)
            statuses.append(row.status if row else None)
            if row:
                per_year[year][row.status] += 1
        per_goal.append({"goal": goal, "statuses": statuses})
    return {
        "years": years,
        "goals": per_goal,
        "per_year": [ChartYear(year=y, counts=dict(per_year[y])) for y in years],
    }
