"""The real-browser journey across two app servers (issue 9 §4): each page load of
the walk from draft to dispatch goes to the other gunicorn server, on one
PostgreSQL, one Redis, one S3 server and a task worker. A login made on one
server holds on the other, a form served by one is taken by it and the result
read on the other, and both give the same PDF bytes and the same numbers."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from cases.models import Case, Dispatch
from tests.e2e.helpers import log_in
from tests.e2e.journey import RECIPIENT_EMAIL, Servers, chain_data, walk_the_chain
from tests.processes import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.stack]


def _get(page: Page, url: str) -> tuple[int, bytes]:
    """A GET with the browser's cookies (its session), as a download would be."""
    response = page.request.get(url)
    return response.status, response.body()


def test_the_chain_across_two_app_servers_gives_the_same_pdfs_and_numbers(
    page, stack, js_errors
):
    case, meeting, people = chain_data()
    servers = Servers(stack.bases)
    statuses = []
    page.on(
        "response", lambda response: statuses.append((response.status, response.url))
    )

    walk_the_chain(page, servers, case, meeting, people)

    assert all(count >= 8 for count in servers.visited.values()), servers.visited
    assert [s for s in statuses if s[0] >= 500] == [], stack.log_text()
    js_errors.assert_none()

    # The worker e-mails the decision, with its protokollsutdrag, through SMTP,
    # besides the notifications of the people along the chain (the kommundirektör
    # of the case waiting for her, among them).
    def to(address):
        return [m for m in stack.smtp.messages if m["To"] == address]

    wait_for(lambda: to(RECIPIENT_EMAIL), what="the decision by e-mail", timeout=60)
    [message] = to(RECIPIENT_EMAIL)
    assert message["To"] == RECIPIENT_EMAIL
    wait_for(
        lambda: to(people["director"].email),
        what="the kommundirektör's notification by e-mail",
        timeout=60,
    )
    [attachment] = [part for part in message.walk() if part.get_filename()]
    assert attachment.get_payload(decode=True).startswith(b"%PDF")
    row = Dispatch.objects.get(case=case, method=Dispatch.Method.EMAIL)
    wait_for(
        lambda: Dispatch.objects.get(pk=row.pk).status == Dispatch.Status.SENT,
        what="the dispatch row to be sent",
    )

    # The same PDF bytes and the same numbers from either server.
    log_in(page, stack.bases[0], people["secretary"].username)
    paths = {
        "tjänsteskrivelse": reverse("cases:document-pdf", args=[case.pk]),
        "protokoll": reverse("cases:minutes-pdf", args=[meeting.pk]),
        "ärendet i API:t": f"/api/cases/{case.pk}/",
    }
    for name, path in paths.items():
        # Links in the API carry the server's own address; nothing else may differ.
        first, second = (
            (status, body.replace(base.encode(), b""))
            for base in stack.bases
            for status, body in [_get(page, base + path)]
        )
        assert first[0] == second[0] == 200, (name, first[0], second[0])
        assert first[1] == second[1], f"{name} differs between the servers"
    pdf = _get(page, stack.bases[1] + paths["tjänsteskrivelse"])[1]
    assert pdf.startswith(b"%PDF")
    api = json.loads(_get(page, stack.bases[0] + paths["ärendet i API:t"])[1])
    case.refresh_from_db()
    assert api["number"] == case.number
    # The manual row waits for the secretary: the case stays adjusted.
    assert case.status == Case.Status.ADJUSTED
