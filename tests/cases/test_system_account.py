"""The portal's own calls name themselves (issue 10): a service is called by a
person or by the portal's own account (User.objects.system()), never by no one,
and the system account never logs in."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases.models import Case
from cases.services import case_register
from cases.services.dispatch import decision_dispatch, dispatch_retry_failed
from members.models import User

pytestmark = pytest.mark.django_db


def test_a_service_called_with_no_one_is_a_mistake_not_the_system(ks):
    with pytest.raises(TypeError, match="system"):
        case_register(board=ks, title="Utan handläggare", registered_by=None)
    assert not Case.objects.filter(title="Utan handläggare").exists()


def test_the_system_account_registers_an_import_and_the_history_names_it(ks):
    system = User.objects.system()
    case = case_register(board=ks, title="Importerat ärende", registered_by=system)
    assert case.history.first().history_user == system
    assert str(system) == "SSR-portalen"


def test_the_system_account_never_logs_in_even_given_a_password(client):
    system = User.objects.system()
    system.set_password("ett-lösenord-som-någon-satte")
    system.is_active = True
    system.save()
    response = client.post(
        reverse("login"),
        {"username": system.username, "password": "ett-lösenord-som-någon-satte"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_a_secretary_retries_the_e_mails_of_a_case_not_of_everyone(
    adjusted_case, secretary
):
    decision_dispatch(case=adjusted_case, user=secretary)
    with pytest.raises(PermissionDenied):
        dispatch_retry_failed(user=secretary)  # every organisation's: not hers
    assert dispatch_retry_failed(user=secretary, case=adjusted_case) == []
    assert dispatch_retry_failed(user=User.objects.system()) == []
