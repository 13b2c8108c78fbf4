"""Django's password validators (AUTH_PASSWORD_VALIDATORS) wherever a password is
set: a person's own password page and the admin's, in Swedish."""

import pytest
from django.urls import reverse

from members.models import User
from members.roles import Role
from tests.factories import UserFactory
from tests.helpers import login_verified

PASSWORD = "secret-password"


@pytest.fixture
def official(huddinge):
    return UserFactory(username="olle", organisation=huddinge, roles=[Role.OFFICIAL])


@pytest.fixture
def admin_user(huddinge):
    return UserFactory(
        username="it", organisation=huddinge, is_staff=True, is_superuser=True
    )


def _change(client, new):
    return client.post(
        reverse("account:password"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        (
            "kort1",
            "Det här lösenordet är för kort. Det måste innehålla minst 8 tecken.",
        ),
        ("password123", "Detta lösenord är alldeles för vanligt."),
        ("4711081234567", "Detta lösenord är enbart numeriskt."),
    ],
)
def test_a_weak_password_is_refused_in_swedish(client, official, weak, message):
    client.force_login(official)

    response = _change(client, weak)

    assert response.status_code == 200
    assert message in response.content.decode()
    official.refresh_from_db()
    assert official.check_password(PASSWORD)


def test_a_strong_password_is_set_and_the_person_stays_logged_in(client, official):
    client.force_login(official)

    response = _change(client, "Tallbarr-Kompass-1987")

    assert response.status_code == 302
    official.refresh_from_db()
    assert official.check_password("Tallbarr-Kompass-1987")
    assert client.get(reverse("cases:list")).status_code == 200


def test_the_password_page_needs_a_login(client):
    response = client.get(reverse("account:password"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_admin_refuses_a_weak_password_for_a_new_user(client, admin_user):
    login_verified(client, admin_user)

    response = client.post(
        reverse("admin:members_user_add"),
        {
            "username": "nisse",
            "usable_password": "true",
            "password1": "password123",
            "password2": "password123",
        },
    )

    assert response.status_code == 200
    assert "Detta lösenord är alldeles för vanligt." in response.content.decode()
    assert not User.objects.filter(username="nisse").exists()


def test_the_admin_refuses_a_weak_password_change(client, admin_user, official):
    login_verified(client, admin_user)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[official.pk]),
        {"usable_password": "true", "password1": "kort1", "password2": "kort1"},
    )

    assert response.status_code == 200
    assert "Det här lösenordet är för kort" in response.content.decode()
    official.refresh_from_db()
    assert official.check_password(PASSWORD)
