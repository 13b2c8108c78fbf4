"""The whole chain in a real browser, from the first draft to the dispatch (issue
4), on the browser tests' live server: tests/e2e/journey.py walks it. The same
walk runs across two gunicorn app servers in tests/stack/."""

import pytest
from django.core import mail

from cases.models import ApprovalEvent, Dispatch, Meeting
from tests.e2e.journey import (
    RECIPIENT_EMAIL,
    RETURN_COMMENT,
    Servers,
    chain_data,
    walk_the_chain,
)
from tests.helpers import run_tasks

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chain(transactional_db):
    return chain_data()


def test_from_draft_to_notice_and_dispatch(page, live_server, chain, js_errors):
    case, meeting, people = chain
    walk_the_chain(page, Servers([live_server.url]), case, meeting, people)
    js_errors.assert_none()

    assert Meeting.objects.get(pk=meeting.pk).is_adjusted
    assert list(
        ApprovalEvent.objects.filter(case=case)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    ) == ["submitted", "returned", "submitted", "approved"]
    assert sorted(
        Dispatch.objects.filter(case=case).values_list("recipient_name", "method")
    ) == [
        ("Länsstyrelsen Stockholm", Dispatch.Method.EMAIL),
        ("Samverkan Stockholmsregionen", Dispatch.Method.MANUAL),
    ]
    # The worker sends the e-mail with the protokollsutdrag.
    assert run_tasks() >= 1
    # Besides the notifications of the people along the chain (members.Notification).
    [message] = [m for m in mail.outbox if m.to == [RECIPIENT_EMAIL]]
    assert message.to == [RECIPIENT_EMAIL]
    [(name, content, _type)] = message.attachments
    assert name.startswith("protokollsutdrag-") and content.startswith(b"%PDF")

    # The people along the chain were told by e-mail (each chose "at once", the
    # default): the kommundirektör of the case waiting for her, the official of
    # the return with its comment, the justerare of the minutes to adjust.
    def mails_to(person):
        return [m for m in mail.outbox if m.to == [person.email]]

    director_mail = " ".join(m.subject + m.body for m in mails_to(people["director"]))
    assert case.number in director_mail
    official_mail = " ".join(m.subject + m.body for m in mails_to(people["official"]))
    assert RETURN_COMMENT in official_mail
    assert mails_to(people["adjuster"])
