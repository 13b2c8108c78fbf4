import pytest
from django.urls import reverse

from cases.services import meetings as services
from tests.factories import UserFactory


@pytest.fixture
def it_admin(huddinge):
    return UserFactory(
        username="it", organisation=huddinge, is_staff=True, is_superuser=True
    )


def test_meetings_and_decisions_open_read_mostly_in_the_admin(
    client, it_admin, item, secretary
):
    decision = services.decision_record(
        item=item, user=secretary, kind="approve", text="Bifall."
    )
    client.force_login(it_admin)
    assert client.get(reverse("admin:cases_meeting_changelist")).status_code == 200
    assert (
        client.get(
            reverse("admin:cases_meeting_change", args=[item.meeting_id])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:cases_decision_changelist")).status_code == 200
    page = client.get(reverse("admin:cases_decision_change", args=[decision.pk]))
    assert page.status_code == 200
    assert b'name="text"' not in page.content  # shown, not editable
    assert client.get(reverse("admin:cases_meeting_add")).status_code == 403
