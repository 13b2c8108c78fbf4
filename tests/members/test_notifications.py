"""Notifications (members/services.py): the rows in "Notiser", the e-mail at
once, in the daily digest or not at all as each person chooses, the pages and
the header's count."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.models import Notification, NotificationPreference
from members.services import (
    notification_digest_send_now,
    notification_mark_all_read,
    notification_send,
)
from tests.factories import UserFactory
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db


def send(*people, kind="submitted", title="KS 2023/1 väntar på ditt godkännande"):
    return notification_send(
        recipients=people,
        kind=kind,
        title=title,
        body="Alice Andersson lämnade tjänsteskrivelsen för godkännande.",
        url="/cases/1/",
    )


def prefer(user, kind, delivery):
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )


def test_a_notification_is_mailed_at_once_by_default(alice, settings):
    [row] = send(alice)
    assert row.recipient == alice
    assert mail.outbox == []  # the worker sends it, after the step's commit
    run_tasks()
    [message] = mail.outbox
    assert message.to == [alice.email]
    assert message.subject == "KS 2023/1 väntar på ditt godkännande"
    assert "Hej Alice" in message.body
    assert "lämnade tjänsteskrivelsen" in message.body
    assert f"{settings.SITE_URL}/cases/1/" in message.body
    assert f"{settings.SITE_URL}/account/notifications/settings/" in message.body
    row.refresh_from_db()
    assert row.emailed_at is not None
    run_tasks()
    assert len(mail.outbox) == 1


def test_the_portal_only_choice_sends_no_mail_ever(alice):
    prefer(alice, "submitted", "portal")
    send(alice)
    run_tasks()
    assert notification_digest_send_now() == 0
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_the_digest_choice_waits_for_the_daily_digest(alice, bob):
    prefer(alice, "submitted", "digest")
    prefer(alice, "approved", "digest")
    send(alice)
    send(alice, kind="approved", title="KS 2023/2 är godkänt")
    send(alice, kind="returned", title="KS 2023/3 har skickats tillbaka")
    run_tasks()
    # The returned case is mailed at once (no choice made: the default).
    assert [m.subject for m in mail.outbox] == ["KS 2023/3 har skickats tillbaka"]
    mail.outbox.clear()
    assert notification_digest_send_now() == 1
    [digest] = mail.outbox
    assert digest.to == [alice.email]
    assert digest.subject.startswith("Dina notiser från SSR-portalen")
    assert "KS 2023/1 väntar på ditt godkännande" in digest.body
    assert "KS 2023/2 är godkänt" in digest.body
    assert "KS 2023/3" not in digest.body
    # Sent once: the next run has nothing new.
    assert notification_digest_send_now() == 0
    assert len(mail.outbox) == 1


def test_the_digest_holds_only_the_last_day_and_not_what_was_read(alice):
    prefer(alice, "submitted", "digest")
    with time_machine.travel(timezone.now() - datetime.timedelta(days=2)):
        send(alice, title="Gammal notis")
    send(alice, title="Läst notis")
    Notification.objects.filter(title="Läst notis").update(read_at=timezone.now())
    assert notification_digest_send_now() == 0
    send(alice, title="Ny notis")
    call_command("notification_digest_send")
    [digest] = mail.outbox
    assert "Ny notis" in digest.body
    assert "Gammal notis" not in digest.body
    assert "Läst notis" not in digest.body


def test_nobody_without_an_address_or_account_is_mailed(alice, bob, huddinge):
    alice.email = ""
    alice.save()
    gone = UserFactory(organisation=huddinge, is_active=False)
    rows = send(alice, bob, gone, None, bob)
    assert sorted(row.recipient_id for row in rows) == sorted([alice.pk, bob.pk])
    run_tasks()
    assert [m.to for m in mail.outbox] == [[bob.email]]


def test_a_step_that_rolls_back_tells_no_one(alice):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        send(alice)
        raise RuntimeError("the step was refused")
    run_tasks()
    assert not Notification.objects.exists()
    assert mail.outbox == []
    alice.refresh_from_db()
    assert alice.unread_notifications == 0


# Pages ----------------------------------------------------------------------


def test_the_list_shows_the_newest_first_and_marks_the_unread(client, alice, bob):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=2)):
        [old] = send(alice, title="Äldre notis")
    send(alice, title="Nyare notis")
    send(bob, title="Bobs notis")
    Notification.objects.filter(pk=old.pk).update(read_at=timezone.now())
    client.force_login(alice)
    page = client.get(reverse("account:notifications")).content.decode()
    assert page.index("Nyare notis") < page.index("Äldre notis")
    assert "Bobs notis" not in page
    assert page.count(">Oläst<") == 1
    assert "Markera alla som lästa" in page


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_reads_a_fixed_number_of_queries(
    client, alice, count, django_assert_num_queries
):
    for number in range(count):
        send(alice, title=f"Notis {number}")
    client.force_login(alice)
    # The user, the header's organisation, the main menu's inbox count, the count
    # and the page's rows.
    with django_assert_num_queries(5):
        response = client.get(reverse("account:notifications"))
    assert response.status_code == 200


def test_the_list_is_paginated(client, alice, settings):
    from members import notification_views

    for number in range(notification_views.NOTIFICATIONS_PER_PAGE + 2):
        send(alice, title=f"Notis nummer {number}")
    client.force_login(alice)
    first = client.get(reverse("account:notifications")).content.decode()
    second = client.get(reverse("account:notifications") + "?page=2").content.decode()
    assert "Notis nummer 0<" in second
    assert "Notis nummer 0<" not in first
    assert 'aria-label="Sidor"' in first


def test_marking_one_and_all_read(client, alice):
    first, *_ = send(alice, title="Första")
    send(alice, title="Andra")
    send(alice, title="Tredje")
    client.force_login(alice)
    response = client.post(reverse("account:notification-read", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    alice.refresh_from_db()
    assert alice.unread_notifications == 2
    client.post(reverse("account:notifications-read-all"))
    alice.refresh_from_db()
    assert alice.unread_notifications == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_marking_read_is_a_post_and_only_ones_own(client, alice, bob):
    [row] = send(bob)
    client.force_login(alice)
    url = reverse("account:notification-read", args=[row.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None
    assert notification_mark_all_read(user=alice) == 0


def test_the_header_says_how_many_are_unread(client, alice):
    client.force_login(alice)
    page = client.get(reverse("account:notifications")).content.decode()
    assert "Notiser, " not in page
    send(alice)
    send(alice)
    page = client.get(reverse("cases:list")).content.decode()
    assert '<span class="ds-sr-only">Notiser, 2 olästa</span>' in page
    assert 'data-count="2"' in page
    client.post(reverse("account:notifications-read-all"))
    page = client.get(reverse("cases:list")).content.decode()
    assert "Notiser, 2 olästa" not in page
    assert f'href="{reverse("account:notifications")}"' in page


def test_the_settings_page_stores_a_choice_per_kind(client, alice):
    client.force_login(alice)
    url = reverse("account:notification-preferences")
    page = client.get(url).content.decode()
    assert "Inställningar för notiser" in page
    assert "Ärende lämnat för godkännande" in page
    assert "Daglig sammanfattning per e-post" in page
    data = {kind: "now" for kind in Notification.Kind.values}
    data["submitted"] = "digest"
    data["approved"] = "portal"
    response = client.post(url, data)
    assert response.status_code == 302
    assert (
        dict(
            NotificationPreference.objects.filter(user=alice).values_list(
                "kind", "delivery"
            )
        )
        == data
    )
    page = client.get(url).content.decode()
    assert re.search(
        r'<input[^>]*name="submitted"[^>]*value="digest"[^>]*checked', page
    )
    assert re.search(r'<input[^>]*name="returned"[^>]*value="now"[^>]*checked', page)
    send(alice, kind="approved")
    run_tasks()
    assert mail.outbox == []


def test_the_settings_page_refuses_an_unknown_choice(client, alice):
    client.force_login(alice)
    data = {kind: "now" for kind in Notification.Kind.values}
    data["submitted"] = "pigeon"
    response = client.post(reverse("account:notification-preferences"), data)
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()
