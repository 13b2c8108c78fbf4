"""HEAD answers wherever GET does (issue 9 §2): uptime monitors and load balancers
ask with HEAD, and a 405 there reads as "the portal is down".

One walk over every URL pattern of the portal (from the URL resolver, so a new page
is in it without anyone adding it here), each filled with a real object of the
demo data, asked by a visitor and by people of several roles: wherever GET answers
(anything but 405), HEAD answers with the same status and no body. The test
client's own removal of a HEAD's body is turned off: the body checked is the one
the portal hands the server (gunicorn drops it too, with a warning each time)."""

import datetime
import io
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from cases.models import (
    AgendaItem,
    Attachment,
    Case,
    Dispatch,
    Meeting,
    Notice,
    Signatory,
)
from cases.services import journal_entry_register
from cases.services.meetings import agenda_add
from cases.services.workflow import case_approve, case_submit
from members.models import Board, Population, User
from ssr_portal.demo import load_demo
from ssr_portal.lib.storage import LOGO_FOLDER
from ssr_portal.models import WorkerHeartbeat
from targets.models import (
    Activation,
    Evidence,
    Goal,
    GoalFollowUp,
    Vision,
    VisionDocument,
)
from targets.services import evidence_add
from tests.helpers import url_patterns

pytestmark = pytest.mark.django_db

# Django's admin answers every method it is given (none of its views is ours to
# decorate); the walk covers the portal's own pages and its API.
NOT_WALKED = ("admin:",)
# Who asks: nobody, an official, the board secretary, the SSR coordinator and the IT
# department's superuser, who between them may see every page.
PEOPLE = [None, "handlaggare", "sekreterare", "samordnare", "admin"]
# Pages that answer GET for nobody with a 2xx, and why (the walk checks the others
# answered someone, so that a missing object does not make a 404 look like a pass).
NO_SUCCESS = {
    "set_language": "Django's language switch redirects back",
    "oidc_authentication_init": "single sign-on is off unless configured",
    "oidc_authentication_callback": "single sign-on is off unless configured",
    "admin-login": "the admin logs in through the portal's login page",
    "account:two-factor": "without an authenticator app it leads to setting one up",
    "account:recovery-codes": "the codes show once, after the setup; then it leads on",
}
# Query strings a page needs to answer with its content rather than a redirect.
QUERIES = {"members:costs-csv": "?year=2017&total=1000000"}


class Sample:
    """The demo's objects the URLs are filled with."""

    def __init__(self) -> None:
        self.case = Case.objects.get(number="KS 2023/236")
        # The Målbild case's meeting (the demo has other adjusted meetings: its
        # beredningsgång, ssr_portal/demo_path.py).
        self.meeting = Meeting.objects.filter(
            adjusted_at__isnull=False, items__case=self.case
        ).get()
        self.item = AgendaItem.objects.get(meeting=self.meeting)
        handlaggare = User.objects.get(username="handlaggare")
        self.entry = journal_entry_register(
            case=self.case,
            direction="incoming",
            subject="Synpunkter på målbilden",
            counterpart="Länsstyrelsen Stockholm",
            document_date=datetime.date(2023, 3, 10),
            received_date=datetime.date(2023, 3, 13),
            registered_by=handlaggare,
        )
        self.vision = Vision.objects.get()
        self.goal = Goal.objects.filter(vision=self.vision).first()
        # What the demo has only in the past or not at all: a notice up today, the
        # fresh case approved and on the coming meeting's agenda, and a file as
        # evidence of a goal's follow-up.
        today = timezone.localdate()
        Notice.objects.update(
            adjusted_date=today,
            published_date=today,
            last_appeal_date=today + datetime.timedelta(days=21),
            takedown_date=today + datetime.timedelta(days=22),
        )
        fresh = Case.objects.get(number="KS 2023/237")
        case_submit(case=fresh, user=handlaggare)
        case_approve(case=fresh, user=User.objects.get(username="kommundirektor"))
        self.coming_item = agenda_add(
            meeting=Meeting.objects.filter(meeting_date__gte=today).get(
                board__organisation__slug="huddinge"
            ),
            case=fresh,
            user=User.objects.get(username="sekreterare"),
        )
        self.evidence = evidence_add(
            follow_up=GoalFollowUp.objects.filter(goal__vision=self.vision).first(),
            user=User.objects.get(username="samordnare"),
            kind=Evidence.Kind.FILE,
            title="Övningsrapport",
            file=SimpleUploadedFile("ovning.pdf", _pdf(), "application/pdf"),
        )

        # A task worker that is alive (/readyz).
        WorkerHeartbeat.objects.create(worker_id="walk", seen_at=timezone.now())
        # A letterhead logo in the file storage (the demo has none).
        image = io.BytesIO()
        Image.new("RGB", (8, 8), "navy").save(image, "PNG")
        self.logo = default_storage.save(
            f"{LOGO_FOLDER}/vapen.png", ContentFile(image.getvalue())
        )

    def kwargs(self, name: str, text: str, params: set[str]) -> dict:
        values = {}
        in_meeting = text.startswith(("cases/meetings/", "api/^meetings/"))
        in_vision = text.startswith(("malbild/", "api/^visions/"))
        for param in params:
            values[param] = self.value(name, text, param, in_meeting, in_vision)
        return values

    def value(self, name, text, param, in_meeting, in_vision):  # noqa: C901
        if name in ("cases:decision-record", "cases:item-description"):
            # A decision (and the item's description) is written before the
            # minutes are sent.
            item = self.coming_item
            return {"pk": item.meeting_id, "item": item.pk}[param]
        if param == "format":
            return "json"
        if param == "slug":
            return "huddinge"
        if param == "name" and name == "logo":
            return self.logo.rsplit("/", 1)[-1]
        if param in ("case_pk",):
            return self.case.pk
        if param == "serial":
            return self.entry.serial
        if param == "year":
            return 2023
        if param == "paragraph":
            return self.item.paragraph
        if param == "attachment_id":
            return Attachment.objects.filter(document__case=self.case).first().pk
        if param == "dispatch":
            return Dispatch.objects.filter(case=self.case).first().pk
        if param == "document_pk":
            return VisionDocument.objects.filter(vision=self.vision).first().pk
        if param == "goal_pk":
            return self.goal.pk
        if param == "evidence_pk":
            return self.evidence.pk
        if param == "kind":
            return "activation" if name == "targets:activation_end" else "goal"
        if param == "item_pk":
            if in_meeting:
                return self.item.pk
            if name == "targets:activation_end":
                return Activation.objects.first().pk
            return self.goal.pk
        if param == "item":
            if in_meeting:
                return self.item.pk
            return Signatory.objects.filter(document__case=self.case).first().pk
        if param == "pk" and not text.startswith("api/proposals/"):
            if in_meeting:
                return self.meeting.pk
            if in_vision:
                return self.vision.pk
            for prefix, model in [
                ("anslagstavla/", Notice),
                ("api/^notices/", Notice),
                ("api/^boards/", Board),
                ("api/^populations/", Population),
                ("api/dispatches/", Dispatch),
            ]:
                if text.startswith(prefix):
                    return model.objects.first().pk
            if text.startswith(("cases/", "api/^cases/", "diarium/")):
                return self.case.pk
        if param == "pk" and text.startswith("account/notifications/"):
            # Marking read is POST only; any number does for the walk.
            return 1
        if param == "step":
            # A step of the beredningsgång: POST only, the Målbild case has none.
            return 1
        if param == "proposal" or text.startswith("api/proposals/"):
            # The demo has no change proposal; these pages are POST only (were
            # one to answer GET, the walk would report that no one succeeded).
            return 1
        raise AssertionError(
            f"{name} ({text}): no sample value for <{param}>; add one to Sample"
        )


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _body(response) -> bytes:
    if response.streaming:
        # The test client closes the response once its content is read.
        return b"".join(response.streaming_content)
    return response.content


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _as_sent(request, response):
    return response


@mock.patch("django.test.client.conditional_content_removal", _as_sent)
def test_head_answers_like_get_on_every_page_for_everyone():
    load_demo()
    sample = Sample()
    try:
        _walk(sample)
    finally:
        default_storage.delete(sample.logo)


def _walk(sample: Sample) -> None:
    clients = {person: _client(person) for person in PEOPLE}

    walked, mismatches, never_succeeded = 0, [], []
    for name, text, params in url_patterns():
        if name.startswith(NOT_WALKED):
            continue
        url = reverse(name, kwargs=sample.kwargs(name, text, params))
        url += QUERIES.get(name, "")
        answered_get, succeeded, statuses = False, False, []
        for person, client in clients.items():
            got = client.get(url)
            _body(got)
            statuses.append(got.status_code)
            if got.status_code == 405:
                continue  # a page for POST only
            # A visitor is sent to the login page (or refused by the API) before
            # the method is looked at: a page answers GET when someone logged in
            # gets anything but 405.
            answered_get = answered_get or person is not None
            succeeded = succeeded or 200 <= got.status_code < 300
            head = client.head(url)
            body = _body(head)
            walked += 1
            if head.status_code != got.status_code or body:
                mismatches.append(
                    f"{url} as {person or 'visitor'}: GET {got.status_code}, "
                    f"HEAD {head.status_code}"
                    + (f" with {len(body)} bytes" if body else "")
                )
        if answered_get and not succeeded and name not in NO_SUCCESS:
            never_succeeded.append(f"{name} {url} {statuses}")

    assert walked > 100, f"only {walked} GETs: the walk no longer finds the pages"
    assert mismatches == []
    assert never_succeeded == [], (
        "no one got a 2xx: the sample data misses them\n" + "\n".join(never_succeeded)
    )
