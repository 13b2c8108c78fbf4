"""API tokens of machine clients: `Authorization: Bearer ssr_…` (members/api_auth.py).

A token acts as its own account in its organisation, so it sees what that
organisation's people see; a read token only reads; a revoked, expired or
unknown token is a 401; the database keeps only a digest of the token."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cases.models import Case
from members.models import ApiToken, User
from members.roles import Role
from members.tokens import api_token_create, api_token_revoke
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_token(organisation, scope="read", roles=(), **kwargs):
    return api_token_create(
        user=User.objects.system(),
        name="E-arkivet",
        organisation=organisation,
        scope=scope,
        roles=roles,
        **kwargs,
    )


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_read_token_sees_its_own_organisations_secret_case(
    client, huddinge, secret_case
):
    row, token = make_token(huddinge)
    assert row.last_used_at is None
    response = client.get(f"/api/cases/{secret_case.pk}/", **bearer(token))
    assert response.status_code == 200
    assert response.json()["title"] == secret_case.title
    row.refresh_from_db()
    assert row.last_used_at is not None  # the admin's list shows it
    assert response.json()["secrecy"] == "secret"  # an insider's field
    listed = client.get("/api/cases/", **bearer(token)).json()["results"]
    assert secret_case.number in [row["number"] for row in listed]


def test_a_read_token_of_another_organisation_does_not_see_it(
    client, botkyrka, secret_case, public_case
):
    _row, token = make_token(botkyrka)
    response = client.get(f"/api/cases/{secret_case.pk}/", **bearer(token))
    assert response.status_code == 404
    listed = client.get("/api/cases/", **bearer(token)).json()["results"]
    assert [row["number"] for row in listed] == [public_case.number]
    assert "secrecy" not in listed[0]


def test_a_read_token_cannot_write(client, huddinge, ks):
    _row, token = make_token(huddinge, roles=[Role.REGISTRAR])
    case = CaseFactory(board=ks, status=Case.Status.DISPATCHED)
    response = client.post(
        f"/api/cases/{case.pk}/close/", content_type="application/json", **bearer(token)
    )
    assert response.status_code == 403
    assert "scope write" in response.json()["detail"]
    assert Case.objects.get(pk=case.pk).status == Case.Status.DISPATCHED


def test_a_write_token_closes_a_case_and_the_history_names_it(client, huddinge, ks):
    _row, token = make_token(huddinge, scope="write", roles=[Role.REGISTRAR])
    case = CaseFactory(board=ks, status=Case.Status.DISPATCHED)
    response = client.post(
        f"/api/cases/{case.pk}/close/", content_type="application/json", **bearer(token)
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    last = Case.objects.get(pk=case.pk).history.first()
    assert str(last.history_user) == "E-arkivet"


def test_a_write_token_keeps_to_its_roles(client, huddinge, ks):
    _row, token = make_token(huddinge, scope="write", roles=[Role.OFFICIAL])
    case = CaseFactory(board=ks, status=Case.Status.DISPATCHED)
    response = client.post(
        f"/api/cases/{case.pk}/close/", content_type="application/json", **bearer(token)
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == Case.Status.DISPATCHED


def test_a_write_token_does_not_need_a_csrf_token(huddinge, ks):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    _row, token = make_token(huddinge, scope="write", roles=[Role.REGISTRAR])
    case = CaseFactory(board=ks, status=Case.Status.DISPATCHED)
    response = client.post(
        f"/api/cases/{case.pk}/close/", content_type="application/json", **bearer(token)
    )
    assert response.status_code == 200


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "malformed"])
def test_a_revoked_expired_or_unknown_token_is_401(
    client, huddinge, public_case, state
):
    row, token = make_token(huddinge)
    if state == "revoked":
        api_token_revoke(user=User.objects.system(), token=row)
    elif state == "expired":
        ApiToken.objects.filter(pk=row.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif state == "unknown":
        token = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    else:
        token = "ssr_" + token
    response = client.get("/api/cases/", **bearer(token))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "återkallad eller har gått ut" in response.json()["detail"]


def test_no_token_reads_what_is_public(client, public_case, secret_case):
    numbers = [row["number"] for row in client.get("/api/cases/").json()["results"]]
    assert numbers == [public_case.number]


def test_the_database_never_holds_the_token(huddinge):
    row, token = make_token(huddinge)
    secret = token.split("_", 2)[2]
    with connection.cursor() as cursor:
        for table in ("members_apitoken", "members_historicalapitoken"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            dump = json.dumps(cursor.fetchall(), default=str)
            assert secret not in dump
            assert token not in dump
    assert row.digest and row.digest != token
    assert token.startswith(f"ssr_{row.prefix}_")


def test_the_tokens_account_never_logs_in_to_the_web(client, huddinge):
    row, _token = make_token(huddinge)
    row.user.set_password("a-password-set-in-the-admin")
    row.user.save()
    client.post(
        "/login/",
        {"username": row.user.username, "password": "a-password-set-in-the-admin"},
    )
    assert "_auth_user_id" not in client.session
    client.force_login(row.user)  # even a session made for it is refused
    assert client.get("/cases/").status_code == 302


def test_the_tokens_account_is_not_listed_among_the_people(client, huddinge, alice):
    make_token(huddinge)
    client.force_login(alice)
    response = client.get(huddinge.get_absolute_url())
    assert "E-arkivet" not in response.content.decode()
    assert "Alice" in response.content.decode()


def test_the_command_prints_the_token_once_and_it_works(client, huddinge, secret_case):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token_create",
        "--name=E-arkivet",
        "--organisation=0126",
        "--scope=read",
        "--expires-in-days=30",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    row = ApiToken.objects.get()
    assert row.organisation == huddinge
    assert row.expires_at > timezone.now() + datetime.timedelta(days=29)
    assert (
        client.get(f"/api/cases/{secret_case.pk}/", **bearer(token)).status_code == 200
    )
    assert token not in err.getvalue()


def test_the_admin_shows_the_token_once(client, huddinge, secret_case):
    admin = UserFactory(username="it-admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    form = client.get("/admin/members/apitoken/add/")
    assert form.status_code == 200
    assert 'value="registrator"' in form.content.decode()
    assert 'value="kommundirektor"' not in form.content.decode()  # no token approves
    response = client.post(
        "/admin/members/apitoken/add/",
        {
            "name": "Ärendesystemet",
            "organisation": huddinge.pk,
            "scope": "write",
            "roles": ["registrator"],
        },
    )
    assert response.status_code == 200, response.content
    row = ApiToken.objects.get()
    page = response.content.decode()
    token = page.split('id="api-token" type="text" readonly value="', 1)[1].split(
        '"', 1
    )[0]
    assert token.startswith(f"ssr_{row.prefix}_")
    assert "no-store" in response["Cache-Control"]
    assert row.user.has_role(Role.REGISTRAR) and row.scope == "write"
    # The change page does not show it again.
    change = client.get(f"/admin/members/apitoken/{row.pk}/change/").content.decode()
    assert token not in change
    # Revoked from the list: the next request is a 401.
    client.post(
        "/admin/members/apitoken/",
        {"action": "revoke", "_selected_action": [row.pk]},
    )
    client.logout()
    assert client.get("/api/cases/", **bearer(token)).status_code == 401


def test_the_schema_describes_the_bearer_token(client):
    schema = client.get("/api/schema/?format=json").json()
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["apiToken"][
            "description"
        ],
    }
    listing = schema["paths"]["/api/cases/"]["get"]["security"]
    assert {"apiToken": []} in listing


@pytest.mark.parametrize("change", ["superuser", "organisation", "inactive"])
def test_a_token_whose_account_was_changed_in_the_admin_is_refused(
    client, huddinge, botkyrka, public_case, change
):
    row, token = make_token(huddinge)
    user = row.user
    if change == "superuser":
        user.is_superuser = True
    elif change == "organisation":
        user.organisation = botkyrka
    else:
        user.is_active = False
    user.save()
    assert client.get("/api/cases/", **bearer(token)).status_code == 401


def test_the_tokens_account_cannot_be_named_case_officer(client, huddinge, ks, alice):
    make_token(huddinge, scope="write", roles=[Role.OFFICIAL])
    client.force_login(alice)
    page = client.get("/cases/register/").content.decode()
    assert "Alice" in page
    assert "E-arkivet" not in page
