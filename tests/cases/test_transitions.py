"""The one transition function (cases/services/transitions.py) and the frozen
check that only checks."""

import pytest
from django.utils import translation

from cases.exceptions import CaseFrozen
from cases.models import Case
from cases.services.transitions import case_transition, check_not_frozen
from ssr_portal.lib.refusals import StepRefused

pytestmark = pytest.mark.django_db


def test_a_step_of_the_table_is_saved_with_its_history(case, alice):
    case_transition(case=case, to=Case.Status.DRAFTING, user=alice)
    assert Case.objects.get(pk=case.pk).status == Case.Status.DRAFTING
    latest = case.history.first()
    assert (latest.status, latest.history_user) == (Case.Status.DRAFTING, alice)


def test_a_step_outside_the_table_is_refused_and_nothing_changes(case, alice):
    with translation.override("en"), pytest.raises(StepRefused) as refused:
        case_transition(case=case, to=Case.Status.CLOSED, user=alice)
    assert "cannot go from registered to closed" in refused.value.message
    assert Case.objects.get(pk=case.pk).status == Case.Status.REGISTERED


def test_the_caller_s_message_is_the_refusal(case, alice):
    with pytest.raises(StepRefused, match="Not now."):
        case_transition(
            case=case, to=Case.Status.ADJUSTED, user=alice, refusal="Not now."
        )


def test_taking_a_case_off_the_agenda_is_a_step_of_the_table():
    assert Case(status=Case.Status.ON_AGENDA).can_change_status(Case.Status.APPROVED)


def test_the_frozen_check_leaves_the_caller_s_case_alone(case):
    Case.objects.filter(pk=case.pk).update(status=Case.Status.SUBMITTED)
    with pytest.raises(CaseFrozen):
        check_not_frozen(case)
    assert case.status == Case.Status.REGISTERED
