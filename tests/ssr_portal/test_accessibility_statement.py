"""The accessibility statement DOS-lagen requires is linked from every page."""

from django.urls import reverse


def test_the_statement_is_public_and_linked_from_the_footer(client, db):
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accessibility")}"' in home
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG 2.1" in response.content.decode()
