"""The diarium's pages render in Swedish, the portal's first language, too."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db


@pytest.fixture
def swedish(client):
    client.cookies["django_language"] = "sv"
    return client


@pytest.mark.parametrize("name", ["cases:list", "cases:register", "diarium:list"])
def test_the_list_and_form_pages_render_in_swedish(swedish, alice, case, name):
    swedish.force_login(alice)
    response = swedish.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="sv"' in response.content.decode()


def test_the_case_page_renders_in_swedish(swedish, alice, entry):
    swedish.force_login(alice)
    response = swedish.get(entry.case.get_absolute_url())
    assert response.status_code == 200
    assert '<html lang="sv"' in response.content.decode()


def test_form_errors_come_in_swedish(swedish, alice, ks):
    swedish.force_login(alice)
    response = swedish.post(reverse("cases:register"), {"board": ks.pk})
    with translation.override("sv"):
        required = gettext("This field is required.")
    assert required != "This field is required."
    assert required in response.content.decode()
