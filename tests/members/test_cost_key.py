from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.models import Organisation
from members.services import COST_KEY_CHANGE_REASON, cost_key_update
from tests.helpers import use_language

URL = reverse("members:cost-key")


def weights_post(other_members, *values):
    return {
        f"weight_{organisation.pk}": value
        for organisation, value in zip(other_members, values, strict=True)
    }


def test_the_coordinator_sees_one_weight_field_per_other_member(
    client, bob, other_members, huddinge
):
    client.force_login(bob)
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    for organisation in other_members:
        assert f'for="id_weight_{organisation.pk}"' in content
    assert f"id_weight_{huddinge.pk}" not in content


def test_the_coordinator_saves_the_key_with_history(client, bob, other_members):
    client.force_login(bob)
    response = client.post(URL, weights_post(other_members, "2", "1,5", ""))
    assert response.status_code == 302
    assert response["Location"] == URL
    weights = list(
        Organisation.objects.filter(pk__in=[o.pk for o in other_members])
        .order_by("name")
        .values_list("cost_weight", flat=True)
    )
    assert weights == [Decimal("2"), Decimal("1.5"), None]
    history = Organisation.history.filter(history_change_reason=COST_KEY_CHANGE_REASON)
    assert history.count() == 2
    assert {record.history_user for record in history} == {bob}


def test_the_key_page_lists_the_changes_after_saving(client, bob, other_members):
    client.force_login(bob)
    response = client.post(URL, weights_post(other_members, "3", "", ""), follow=True)
    content = response.content.decode()
    assert "Länsstyrelsen Stockholm" in content
    assert str(bob) in content
    assert len(response.context["history"]) == 1
    assert response.context["unset"] == other_members[1:]


@pytest.mark.parametrize("user", ["alice", "charlie"])
def test_others_than_the_coordinator_may_not_see_or_change_the_key(
    client, request, other_members, user
):
    client.force_login(request.getfixturevalue(user))
    assert client.get(URL).status_code == 403
    response = client.post(URL, weights_post(other_members, "5", "5", "5"))
    assert response.status_code == 403
    assert not Organisation.objects.filter(cost_weight__isnull=False).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, other_members):
    response = client.post(URL, weights_post(other_members, "5", "5", "5"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Organisation.objects.filter(cost_weight__isnull=False).exists()


def test_the_key_is_changed_only_by_post(client, bob, other_members):
    client.force_login(bob)
    client.get(URL, weights_post(other_members, "5", "5", "5"))
    assert not Organisation.objects.filter(cost_weight__isnull=False).exists()
    assert client.put(URL).status_code == 405


def test_a_negative_or_non_numeric_weight_is_shown_in_the_page_and_nothing_is_saved(
    client, bob, other_members
):
    client.force_login(bob)
    use_language(client, "en")
    response = client.post(URL, weights_post(other_members, "-1", "abc", "2"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The weight must not be negative." in content
    assert "Write the weight as a number" in content
    assert 'class="ds-error-summary"' in content
    assert not Organisation.objects.filter(cost_weight__isnull=False).exists()


def test_the_service_refuses_a_user_without_the_coordinator_role(alice, other_members):
    with pytest.raises(PermissionDenied):
        cost_key_update(user=alice, weights={other_members[0].pk: Decimal(1)})
    other_members[0].refresh_from_db()
    assert other_members[0].cost_weight is None


def test_the_service_refuses_a_municipality_in_the_key(bob, huddinge, other_members):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        cost_key_update(
            user=bob,
            weights={other_members[0].pk: Decimal(1), huddinge.pk: Decimal(1)},
        )
    other_members[0].refresh_from_db()
    assert other_members[0].cost_weight is None


def test_the_service_writes_history_only_for_weights_that_changed(bob, other_members):
    first, second, _third = other_members
    cost_key_update(user=bob, weights={first.pk: Decimal(1), second.pk: None})
    changed = cost_key_update(
        user=bob, weights={first.pk: Decimal("1.000"), second.pk: Decimal(2)}
    )
    assert changed == [second]
    assert (
        Organisation.history.filter(
            history_change_reason=COST_KEY_CHANGE_REASON
        ).count()
        == 2
    )


def test_a_saved_weight_is_shown_as_it_was_typed_in_swedish(client, bob, other_members):
    client.force_login(bob)
    client.post(URL, weights_post(other_members, "2,5", "100", ""))
    use_language(client, "sv")
    content = client.get(URL).content.decode()
    assert f'name="weight_{other_members[0].pk}" value="2,5"' in content
    assert f'name="weight_{other_members[1].pk}" value="100"' in content


def test_the_key_page_and_its_message_are_in_swedish(client, bob, other_members):
    client.force_login(bob)
    response = client.post(
        URL, weights_post(other_members, "2", "1,5", ""), follow=True
    )
    content = response.content.decode()
    assert "Kostnadsnyckel för övriga medlemmar</h1>" in content
    assert "Kostnadsnyckeln har sparats: 2 vikter ändrades." in content
    assert "Ingen vikt är angiven för SOS Alarm" in content
    assert "Spara kostnadsnyckeln</button>" in content
    assert "Ändringar i kostnadsnyckeln</h2>" in content
    assert '<th scope="col" class="numeric">Ny vikt</th>' in content
