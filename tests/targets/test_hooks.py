"""The cases app's explicit hooks: targets registers with them, cases never
imports targets, and a receiver runs inside the step's transaction."""

import ast
from pathlib import Path

import pytest

from cases import hooks
from targets import services


def test_targets_registers_its_receivers_with_the_cases_hooks():
    assert services.approval_from_case_approval in hooks.on_approval_step.receivers
    assert services.approval_from_decision in hooks.on_decision_recorded.receivers


def test_registering_a_receiver_twice_calls_it_once():
    hook = hooks.Hook("test")
    calls = []

    def receiver(**kwargs):
        calls.append(kwargs)

    hook.register(receiver)
    hook.register(receiver)
    hook.fire(value=1)
    assert calls == [{"value": 1}]


def test_the_cases_app_never_imports_targets():
    root = Path(__file__).resolve().parents[2] / "cases"
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "targets"
            ):
                offenders.append(str(path))
            if isinstance(node, ast.Import) and any(
                alias.name.startswith("targets") for alias in node.names
            ):
                offenders.append(str(path))
    assert offenders == []


def test_a_failing_receiver_rolls_the_approval_step_back(
    monkeypatch, vision, charlie, botkyrka_director, botkyrka_ks
):
    from cases.models import Case
    from cases.services.workflow import case_approve, case_submit

    def broken(**kwargs):
        raise RuntimeError("receiver failed")

    monkeypatch.setattr(
        hooks.on_approval_step, "receivers", [*hooks.on_approval_step.receivers, broken]
    )
    case = services.member_case_create(vision=vision, user=charlie)
    with pytest.raises(RuntimeError):
        case_submit(case=case, user=charlie)
    assert Case.objects.get(pk=case.pk).status == Case.Status.DRAFTING
    monkeypatch.setattr(hooks.on_approval_step, "receivers", [])
    case_submit(case=case, user=charlie)
    case_approve(case=Case.objects.get(pk=case.pk), user=botkyrka_director)
    # Without the receiver, the approval does not reach the member's row.
    assert not vision.approvals.get(case=case).approved_on
