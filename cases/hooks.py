"""Explicit hooks: the few points where another app takes part in a step of the
cases app, in the same transaction, without `cases` importing that app (STYLE.md
§4: no signals for domain flow, so the step names its hook in its docstring).

An app registers in its AppConfig.ready() (`targets` does so in
TargetsConfig.ready()); the service that owns the step fires the hook inside its
transaction, so a receiver's error rolls the whole step back.

- `on_approval_step(event=ApprovalEvent)`: a step of the approval workflow was
  recorded (submit, return, approve, reopen); fired by
  cases.services.workflow's steps.
- `on_decision_recorded(decision=Decision)`: a board's decision was recorded,
  numbered (its § given when the minutes are sent for justering), or its text
  replaced by an accepted change in the justering; fired by
  cases.services.agenda.decision_record,
  cases.services.justering.minutes_send_for_justering and
  cases.services.justering.justering_decide_proposal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """A named list of receivers, called in their order of registration with the
    hook's keyword arguments."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.receivers: list[Callable[..., Any]] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self.receivers)} receivers>"

    def register(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Add a receiver once (registering it again changes nothing); usable as
        a decorator."""
        if receiver not in self.receivers:
            self.receivers.append(receiver)
        return receiver

    def fire(self, **kwargs: Any) -> None:
        for receiver in list(self.receivers):
            receiver(**kwargs)


on_approval_step = Hook("on_approval_step")
on_decision_recorded = Hook("on_decision_recorded")
