"""The one refusal pipeline (ssr_portal/lib/refusals.py): the API's exception
handler and the refused page. The views' own tests check each page and step."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils import translation
from rest_framework.exceptions import NotFound

from ssr_portal.lib.refusals import (
    StepRefused,
    WayBack,
    api_exception_handler,
    refusal_message,
    refusals_as_page,
)


def _answer(error):
    response = api_exception_handler(error, {})
    return response.status_code, response.data


def test_a_permission_denied_is_a_403_with_its_message():
    assert _answer(PermissionDenied("Only the secretary.")) == (
        403,
        {"detail": "Only the secretary."},
    )


def test_a_permission_denied_without_a_message_gets_drfs_message():
    status, body = _answer(PermissionDenied())
    assert status == 403
    assert body["detail"]


def test_a_refused_step_is_a_409_with_its_message():
    assert _answer(StepRefused("Too late.")) == (409, {"detail": "Too late."})


def test_a_validation_error_is_a_400_with_its_fields_or_its_detail():
    assert _answer(ValidationError({"text": "Write something."})) == (
        400,
        {"text": ["Write something."]},
    )
    assert _answer(ValidationError("Wrong.")) == (400, {"detail": "Wrong."})


def test_other_errors_are_answered_as_drf_does():
    assert _answer(Http404())[0] == 404
    assert _answer(NotFound())[0] == 404
    assert api_exception_handler(RuntimeError("bug"), {}) is None


@pytest.mark.django_db(transaction=True)
def test_a_refusal_inside_a_request_transaction_is_rolled_back(settings):
    """With ATOMIC_REQUESTS a write made before the refusal is undone, as DRF's
    own handler does for its exceptions."""
    connection.settings_dict["ATOMIC_REQUESTS"] = True
    try:
        with transaction.atomic():
            api_exception_handler(StepRefused("No."), {})
            assert connection.needs_rollback
            connection.set_rollback(False)
    finally:
        connection.settings_dict["ATOMIC_REQUESTS"] = False


def test_a_message_of_each_kind():
    assert refusal_message(StepRefused("Not now.")) == "Not now."
    assert refusal_message(ValidationError(["One.", "Two."])) == "One. Two."
    assert refusal_message(PermissionDenied("Not you.")) == "Not you."


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


def _request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


@pytest.fixture
def decorated():
    def back(request, *args, **kwargs):
        return WayBack(f"/back/{kwargs['pk']}/", "Back")

    @refusals_as_page(way_back=back, note="Nothing was changed.")
    def view(request, pk, error=None):
        if error:
            raise error
        return HttpResponse("ok")

    return view


@pytest.mark.parametrize(
    ("error", "status", "heading"),
    [
        (PermissionDenied("Not you."), 403, "Not allowed"),
        (StepRefused("Not now."), 409, "The step was refused"),
    ],
)
def test_the_decorator_shows_a_refusal_as_the_page(
    decorated, error, status, heading, in_english
):
    response = decorated(_request(), pk=7, error=error)
    content = response.content.decode()
    assert response.status_code == status
    assert heading in content
    assert str(error) in content
    assert "Nothing was changed." in content
    assert 'href="/back/7/"' in content


def test_the_decorator_lets_the_view_answer(decorated):
    response = decorated(_request(), pk=7)
    assert response.content == b"ok"
