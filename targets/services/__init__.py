"""Services of the målbild (STYLE.md §4), one module per topic, as in every
layer of the app (models, forms, views, templates, tests): each checks who may act,
changes everything in one transaction and leaves the history to simple-history.

- `vision`: the vision itself, a member's approval and its case about the vision,
  and what a linked case's approval and board decision bring to the member's row.
- `matrix`: the members × status matrix, the timeline, the sending and what the
  SSR-samordnare records for a member outside the portal.
- `follow_up`: the yearly follow-up of the goals and its chart.
- `manage`: the parts of the vision the SSR-samordnare keeps (foundations, goals,
  milestones, versions, bilagor, aktiverade lägen).

`from targets import services; services.vision_create(...)` reaches every public
name here; who may do what is in targets/permissions.py."""

from ..permissions import (
    check_manager,
    member_uses_portal,
    user_may_approve_for,
    user_may_manage_visions,
)
from .follow_up import (
    ChartYear,
    evidence_add,
    follow_up_chart,
    follow_up_set,
)
from .manage import (
    FINGERPRINT_FIELDS,
    activation_add,
    activation_end,
    foundation_add,
    foundation_change,
    foundation_remove,
    goal_add,
    goal_change,
    goal_remove,
    milestone_add,
    milestone_change,
    milestone_remove,
    part_fingerprint,
    vision_document_add,
    vision_document_remove,
    vision_version_add,
)
from .matrix import (
    Matrix,
    MatrixRow,
    approvals_queryset,
    member_record,
    member_record_check,
    member_timeline,
    vision_mark_sent,
    vision_matrix,
)
from .vision import (
    BOARD_DECISIONS,
    DECISION_RECIPIENTS,
    activations_for,
    approval_from_case_approval,
    approval_from_decision,
    approvals_ensure,
    case_sections,
    member_approve,
    member_case_create,
    member_rows_for_new_member,
    vision_create,
    vision_current,
    vision_update,
)

__all__ = [
    "BOARD_DECISIONS",
    "ChartYear",
    "DECISION_RECIPIENTS",
    "FINGERPRINT_FIELDS",
    "Matrix",
    "MatrixRow",
    "activation_add",
    "activation_end",
    "activations_for",
    "approval_from_case_approval",
    "approval_from_decision",
    "approvals_ensure",
    "approvals_queryset",
    "case_sections",
    "check_manager",
    "evidence_add",
    "follow_up_chart",
    "follow_up_set",
    "foundation_add",
    "foundation_change",
    "foundation_remove",
    "goal_add",
    "goal_change",
    "goal_remove",
    "member_approve",
    "member_case_create",
    "member_record",
    "member_record_check",
    "member_rows_for_new_member",
    "member_timeline",
    "member_uses_portal",
    "milestone_add",
    "milestone_change",
    "milestone_remove",
    "part_fingerprint",
    "user_may_approve_for",
    "user_may_manage_visions",
    "vision_create",
    "vision_current",
    "vision_document_add",
    "vision_document_remove",
    "vision_mark_sent",
    "vision_matrix",
    "vision_update",
    "vision_version_add",
]
