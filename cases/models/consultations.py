"""The beredningsgång: the ordered path of bodies a case passes through
(OParl's Consultation of a Paper), each step handled by an agenda item of one of
its meetings (docs/glossary.md "beredningsgång").

A case without steps keeps the portal's first behaviour: one implicit step, the
decision of `case.board`. With steps, the arbetsutskott prepares and proposes,
a nämnd gives its yttrande, and the deciding body decides; each step is its own
agenda item with its own §, decision and protokollsutdrag. The writes live in
cases/services/consultations.py; the reads a page or a service needs are the
functions below.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Board
from ssr_portal.models import TimestampedModel

from .diarium import Case
from .meetings import AgendaItem, Decision

# Decisions that leave the step to be handled again: a bordläggning moves it to a
# later meeting, an återremiss sends the case back to the official.
UNFINISHED_KINDS = frozenset({Decision.Kind.POSTPONE, Decision.Kind.REFER_BACK})


class Consultation(TimestampedModel):
    """One step of a case's beredningsgång: a body and what it does with the case."""

    class Role(models.TextChoices):
        PREPARATION = "preparation", _("Preparation (proposal)")
        OPINION = "opinion", _("Opinion (yttrande)")
        DECISION = "decision", _("Decision")

    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("case"),
    )
    # Order of the path, from 1, kept dense by the services.
    position = models.PositiveSmallIntegerField(_("position"))
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("board"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The agenda item that handles the step: empty until the case is placed on a
    # meeting of the board; a bordläggning moves it to the later meeting's item.
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="consultation",
        null=True,
        blank=True,
        verbose_name=_("agenda item"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("step of the preparation path")
        verbose_name_plural = _("steps of the preparation path")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "position"], name="cases_consultation_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="cases_consultation_position_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.board.name}: {self.get_role_display()}"

    @property
    def decision(self) -> Decision | None:
        """The decision of the item that handles the step, if recorded."""
        if self.item is None:
            return None
        return getattr(self.item, "decision", None)

    @property
    def is_done(self) -> bool:
        """Whether the body has handled the step: decided, not postponed nor
        referred back."""
        decision = self.decision
        return decision is not None and decision.kind not in UNFINISHED_KINDS

    @property
    def is_placed(self) -> bool:
        """Whether an agenda item handles (or handled) the step: it can no longer
        be removed or moved."""
        return self.item_id is not None

    @property
    def is_deciding(self) -> bool:
        return self.role == self.Role.DECISION


def case_path(case: Case) -> list[Consultation]:
    """The case's steps in their order, with what a page shows of each."""
    return list(
        Consultation.objects.filter(case=case)
        .select_related("board", "item__meeting__board", "item__decision__proposed_to")
        .order_by("position")
    )


def current_step(
    case: Case, steps: list[Consultation] | None = None
) -> Consultation | None:
    """The first step not yet handled (None: no path, or every step done).
    `steps`: the case's path when the caller has it already (a prefetch)."""
    path = case_path(case) if steps is None else steps
    return next((step for step in path if not step.is_done), None)


def current_board(case: Case) -> Board | None:
    """The body whose meeting may take the case up next: the board of the
    current step, `case.board` for a case without a path, None when every step
    of its path is done."""
    path = case_path(case)
    if not path:
        return case.board
    step = current_step(case, path)
    return step.board if step else None


def previous_step(step: Consultation) -> Consultation | None:
    return (
        Consultation.objects.filter(case_id=step.case_id, position__lt=step.position)
        .select_related("item__decision__proposed_to", "board")
        .order_by("-position")
        .first()
    )


def next_step(step: Consultation) -> Consultation | None:
    return (
        Consultation.objects.filter(case_id=step.case_id, position__gt=step.position)
        .select_related("board")
        .order_by("position")
        .first()
    )


def step_of_item(item: AgendaItem) -> Consultation | None:
    """The step an agenda item handles (None for a case without a path, or for
    an item that a bordläggning replaced)."""
    return Consultation.objects.filter(item=item).select_related("board").first()


def is_deciding_decision(decision: Decision) -> bool:
    """Whether the decision is the case's deciding body's (the målbild counts
    only that one): any decision of a case without a path, otherwise a
    decision on an item that handles the path's decision step."""
    item = decision.item
    step = step_of_item(item)
    if step is None:
        return not Consultation.objects.filter(case_id=item.case_id).exists()
    return step.is_deciding
