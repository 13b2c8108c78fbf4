"""Schemathesis against the portal's OpenAPI schema (/api/schema/): every operation
with generated input, on the demo's data, as the anonymous visitor, an official, a
secretary and a kommundirektör of Huddinge, the SSR coordinator and a machine
client with Huddinge's write token. No answer may be
a server error or differ from what the schema says (status code, content type,
headers, body). Path parameters are drawn from the demo's objects half of the time,
so that the operations reach real cases, meetings, §§ and visions, not only 404s.

Writes change the demo as they go (a later operation sees what an earlier one did),
as a day of real use would; nothing may turn into a 500 on the way."""

import functools

import pytest
import schemathesis
from django.core.signals import request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi import checks as openapi_checks

from cases.models import (
    AgendaItem,
    Case,
    ChangeProposal,
    Dispatch,
    JournalEntry,
    Meeting,
    Notice,
)
from members.models import ApiToken, Board, Organisation, Population, User
from members.roles import Role
from members.tokens import api_token_create
from ssr_portal.demo import load_demo
from targets.models import Vision

CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]
# Generated requests per operation and viewer: 40 operations × 5 viewers × 15.
EXAMPLES = 15


@functools.cache
def operations():
    """The schema's operations, called in-process through the WSGI application.
    Made on first use, not on import: the application reads the collected static
    files' manifest, which tests/conftest.py may collect only after the import."""
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(public=True))
    schema.app = get_wsgi_application()
    return [result.ok() for result in schema.get_all_operations()]


def demo_values() -> dict[tuple[str, str], list]:
    """(path prefix, parameter) → the demo's values for it."""
    ids = lambda model: list(model.objects.values_list("pk", flat=True))  # noqa: E731
    return {
        ("/api/boards/", "id"): ids(Board),
        ("/api/cases/", "id"): ids(Case),
        ("/api/cases/", "case_pk"): ids(Case),
        ("/api/cases/", "serial"): list(
            JournalEntry.objects.values_list("serial", flat=True)
        ),
        ("/api/dispatches/", "id"): ids(Dispatch),
        ("/api/meetings/", "id"): ids(Meeting),
        ("/api/meetings/", "item_pk"): ids(AgendaItem),
        ("/api/notices/", "id"): ids(Notice),
        ("/api/organisations/", "slug"): list(
            Organisation.objects.values_list("slug", flat=True)
        ),
        ("/api/populations/", "id"): ids(Population)[:50],
        ("/api/proposals/", "id"): ids(ChangeProposal),
        ("/api/visions/", "id"): ids(Vision),
        ("/api/visions/", "slug"): list(
            Organisation.objects.values_list("slug", flat=True)
        ),
    }


def fuzz(operation, values, headers) -> str | None:
    """Run one operation's examples; the failure found, as text, or None."""
    pools = {
        name: pool
        for (prefix, name), pool in values.items()
        if operation.path.startswith(prefix) and pool
    }

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), data=st.data())
    def check(case, data):
        for name in case.path_parameters or {}:
            if name in pools and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(pools[name]))
        case.call_and_validate(checks=CHECKS, headers=headers)

    try:
        check()
    except (FailureGroup, AssertionError) as failure:
        return f"{operation.label}: {failure}"
    return None


@pytest.fixture(autouse=True)
def _connection_kept_for_the_test():
    """The WSGI application is called in this thread, on the test's database
    connection and inside its transaction. Django's test client keeps that
    connection through each request; a bare WSGI call would close it at
    request_started (close_old_connections: the connection is in the test's
    transaction, not in autocommit), so the same is done here."""
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)


@pytest.mark.parametrize(
    "username",
    [None, "handlaggare", "sekreterare", "kommundirektor", "samordnare", "token"],
)
def test_no_server_error_and_every_answer_as_the_schema_says(db, client, username):
    load_demo()
    headers = None
    if username == "token":
        # A machine client: the archive's write token of Huddinge (members/tokens.py).
        _, token = api_token_create(
            user=User.objects.system(),
            name="Arkivet",
            organisation=Organisation.objects.get(slug="huddinge"),
            scope=ApiToken.Scope.WRITE,
            roles=[Role.SECRETARY],
        )
        headers = {"Authorization": f"Bearer {token}"}
    elif username:
        client.force_login(User.objects.get(username=username))
        token = "a" * 32
        headers = {
            "Cookie": f"sessionid={client.cookies['sessionid'].value}; "
            f"csrftoken={token}",
            "X-CSRFToken": token,
        }
    values = demo_values()
    failures = [
        found
        for operation in operations()
        if (found := fuzz(operation, values, headers)) is not None
    ]
    assert not failures, "\n\n".join(failures)
