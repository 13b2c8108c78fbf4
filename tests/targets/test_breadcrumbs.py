"""Where a målbild page is: Start › Målbild › the vision › the page."""

import pytest
from django.urls import reverse

from tests.helpers import breadcrumbs_of

pytestmark = pytest.mark.django_db


def test_the_vision_page_leads_back_to_the_visions(client, vision):
    response = client.get(reverse("targets:vision", args=[vision.pk]))
    assert breadcrumbs_of(response) == [
        ("Start", reverse("home")),
        ("Målbild", reverse("targets:visions")),
        (vision.title, None),
    ]


def test_the_matrix_leads_back_through_its_vision(client, vision):
    response = client.get(reverse("targets:matrix", args=[vision.pk]))
    assert breadcrumbs_of(response) == [
        ("Start", reverse("home")),
        ("Målbild", reverse("targets:visions")),
        (vision.title, reverse("targets:vision", args=[vision.pk])),
        ("Medlemmarnas godkännande", None),
    ]
