"""Secrecy in every channel (issue 10 §6): for the demo's secret case (KS 2023/238)
and its partly secret one (KS 2023/239, public, with a secret anbud in its journal
and the secret case's report as a bilaga), each public channel -- the case pages,
the public diarium, the API, the PDFs, the CSV export, the anslagstavla and the
målbild matrix -- is asked by the anonymous visitor, by people of other
organisations and by the case's own organisation's people.

Others may learn what OSL leaves public: that a case with its number exists, the
public case and its public documents, and that a document of it is secret. They
never see the secret case's title, description, text or decision, its report's
or its attachment's title or content, the secret anbud's subject or sender, or
the note of the public case's reference to the secret one. The case's own
organisation's people see all of it (each channel names what they must see).

Each channel is one entry of CHANNELS: its name, a function giving its URL from
the data (tests/secrecy_fixtures.py), what the own organisation sees there
(`inside`) and what everyone who may open it sees (`everyone`)."""

import html
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from members.models import User
from ssr_portal.demo_secrecy import (
    PROCUREMENT_CASE_TITLE,
    SECRET_ATTACHMENT_TITLE,
    SECRET_CASE_TITLE,
    SECRET_DOCUMENT_TITLE,
    TENDER_SUBJECT,
)
from tests.secrecy_fixtures import (
    PUBLIC_DECISION,
    SECRET_DECISION,
    SecrecyDemo,
    secrecy_demo,
)

pytestmark = pytest.mark.django_db

NEUTRAL_TITLE = "Tjänsteskrivelse i sekretessbelagt ärende"
# What no one outside Huddinge may read, in any channel.
SECRETS = [
    SECRET_CASE_TITLE,
    SECRET_DOCUMENT_TITLE,
    SECRET_ATTACHMENT_TITLE,
    "Förstärkt skalskydd",  # the secret case's description
    "72 timmars drift",  # its report's text and its decision
    SECRET_DECISION,
    TENDER_SUBJECT,
    "Norrby Kraft",  # the anbud's sender
    "Säkerhetsskyddsanalysen som kraven bygger på",  # the reference's note
]

# Who asks: nobody, people of two other organisations (a member and SSR itself),
# and people of Huddinge with the roles that work with its cases.
OUTSIDERS = {
    "anonymous": None,
    "botkyrka-handlaggare": "handlaggare-botkyrka",
    "ssr-samordnare": "samordnare",
}
INSIDERS = {
    "huddinge-handlaggare": "handlaggare",
    "huddinge-registrator": "registrator",
    "huddinge-kommundirektor": "kommundirektor",
    "huddinge-sekreterare": "sekreterare",
}


@dataclass(frozen=True)
class Channel:
    name: str
    url: Callable[[SecrecyDemo], str]
    # What the case's own organisation's people see (besides a 200).
    inside: tuple[str, ...] = ()
    # What everyone who gets a 200 sees (a public page shows the public case).
    everyone: tuple[str, ...] = ()
    # A page only for logged-in users (the anonymous visitor is sent to log in).
    login: bool = True
    # The public's view: the case's own people see no more there than anyone.
    public_view: bool = False


def _case(name: str, case: str, *args) -> Callable[[SecrecyDemo], str]:
    return lambda d: reverse(name, args=[getattr(d, case).pk, *args])


def _meeting(name: str, *args) -> Callable[[SecrecyDemo], str]:
    return lambda d: reverse(name, args=[d.meeting.pk, *args])


def _api(path: str) -> Callable[[SecrecyDemo], str]:
    return lambda d: "/api/" + path.format(d=d)


CHANNELS = [
    # The case pages (the journal is on the case page).
    Channel(
        "case list search",
        lambda d: reverse("cases:list") + "?q=krisledningsplats",
        inside=(SECRET_CASE_TITLE, PROCUREMENT_CASE_TITLE),
        everyone=(PROCUREMENT_CASE_TITLE,),
    ),
    Channel("home page", lambda d: reverse("home"), login=False),
    Channel(
        "member page",
        lambda d: reverse("members:detail", args=["huddinge"]),
        login=False,
    ),
    Channel("api organisation", _api("organisations/"), login=False),
    Channel(
        "secret case page",
        _case("cases:detail", "secret"),
        inside=(SECRET_CASE_TITLE, SECRET_ATTACHMENT_TITLE),
    ),
    Channel(
        "public case page and journal",
        _case("cases:detail", "public"),
        inside=(TENDER_SUBJECT, "Norrby Kraft"),
        everyone=(PROCUREMENT_CASE_TITLE, "Förfrågningsunderlag"),
    ),
    Channel(
        "secret case's report",
        _case("cases:document", "secret"),
        inside=(SECRET_DOCUMENT_TITLE, "72 timmars drift", SECRET_ATTACHMENT_TITLE),
    ),
    Channel(
        "public case's report",
        _case("cases:document", "public"),
        inside=("KS 2023/238", "Säkerhetsskyddsanalysen som kraven bygger på"),
        everyone=("Tilldelning av kontrakt för reservkraft", NEUTRAL_TITLE),
    ),
    Channel(
        "secret case's report versions",
        _case("cases:document-versions", "secret"),
        inside=(SECRET_CASE_TITLE,),
    ),
    Channel(
        "secret case's report compared",
        lambda d: (
            reverse("cases:document-compare", args=[d.secret.pk]) + "?from=1&to=2"
        ),
        inside=("72 timmars drift",),
    ),
    Channel(
        "secret case's attachments page",
        _case("cases:attachments", "secret"),
        inside=(SECRET_ATTACHMENT_TITLE,),
    ),
    Channel(
        "public case's attachments page",
        _case("cases:attachments", "public"),
        inside=("KS 2023/238",),
        everyone=(NEUTRAL_TITLE, "Förfrågningsunderlag, reservkraft"),
    ),
    Channel(
        "secret case's attachment file",
        lambda d: reverse(
            "cases:attachment-download", args=[d.secret.pk, d.secret_file.pk]
        ),
        inside=(SECRET_ATTACHMENT_TITLE,),
    ),
    Channel(
        "the secret report as the public case's bilaga",
        lambda d: reverse(
            "cases:attachment-download", args=[d.public.pk, d.secret_report.pk]
        ),
        inside=(SECRET_DOCUMENT_TITLE, "72 timmars drift"),
    ),
    # The case PDFs.
    Channel(
        "secret document.pdf",
        _case("cases:document-pdf", "secret"),
        inside=(SECRET_DOCUMENT_TITLE, "72 timmars drift"),
    ),
    Channel(
        "public document.pdf",
        _case("cases:document-pdf", "public"),
        everyone=("Tilldelning av kontrakt för reservkraft", NEUTRAL_TITLE),
    ),
    Channel(
        "secret handlingar.pdf",
        _case("cases:handlingar-pdf", "secret"),
        inside=(SECRET_DOCUMENT_TITLE, SECRET_ATTACHMENT_TITLE),
    ),
    Channel(
        # The handlingar of a public case are the same for everyone: the secret
        # report stands in them as a page that names nothing, for insiders too.
        "public handlingar.pdf",
        _case("cases:handlingar-pdf", "public"),
        everyone=("Tilldelning av kontrakt för reservkraft", NEUTRAL_TITLE),
        public_view=True,
    ),
    # The meeting and its PDFs.
    Channel(
        "meeting page",
        _meeting("cases:meeting"),
        inside=(SECRET_CASE_TITLE, PROCUREMENT_CASE_TITLE),
        everyone=(PROCUREMENT_CASE_TITLE,),
    ),
    Channel(
        "kallelse.pdf",
        _meeting("cases:kallelse-pdf"),
        inside=(SECRET_CASE_TITLE, PROCUREMENT_CASE_TITLE),
        everyone=(PROCUREMENT_CASE_TITLE,),
    ),
    Channel(
        "meeting documents pdf",
        _meeting("cases:meeting-documents-pdf"),
        inside=(SECRET_DOCUMENT_TITLE,),
        everyone=("Tilldelning av kontrakt för reservkraft",),
    ),
    Channel(
        "protokoll.pdf",
        _meeting("cases:minutes-pdf"),
        inside=(SECRET_CASE_TITLE, SECRET_DECISION),
        everyone=(PROCUREMENT_CASE_TITLE, PUBLIC_DECISION),
    ),
    Channel(
        "protokollsutdrag of the secret §",
        lambda d: reverse(
            "cases:extract-pdf", args=[d.meeting.pk, d.secret_item.paragraph]
        ),
        inside=(SECRET_CASE_TITLE, SECRET_DECISION),
    ),
    Channel(
        "protokollsutdrag of the public §",
        lambda d: reverse(
            "cases:extract-pdf", args=[d.meeting.pk, d.public_item.paragraph]
        ),
        everyone=(PROCUREMENT_CASE_TITLE, PUBLIC_DECISION),
    ),
    # The public diarium.
    Channel(
        "public diarium",
        lambda d: reverse("diarium:list"),
        everyone=(PROCUREMENT_CASE_TITLE,),
        login=False,
        public_view=True,
    ),
    Channel(
        "public diarium searched for the secret title",
        lambda d: reverse("diarium:list") + "?q=Säkerhetsskyddsåtgärder",
        login=False,
        public_view=True,
    ),
    Channel(
        "public diarium searched for the secret number",
        lambda d: reverse("diarium:list") + "?q=2023/238",
        login=False,
        public_view=True,
    ),
    Channel(
        "public diarium searched for the anbud",
        lambda d: reverse("diarium:list") + "?q=Norrby",
        login=False,
        public_view=True,
    ),
    # The full-text search (ssr_portal/search.py): the secret case's description,
    # its report's text and the secret anbud's sender are found by its own
    # organisation only; the public's search finds none of them for anyone.
    Channel(
        "portal search for the secret description",
        lambda d: reverse("search") + "?q=skalskydd",
        inside=(SECRET_CASE_TITLE,),
    ),
    Channel(
        "portal search for the secret report's text",
        lambda d: reverse("search") + "?q=timmars",
        inside=(SECRET_CASE_TITLE,),
    ),
    Channel(
        "portal search for the anbud's sender",
        lambda d: reverse("search") + "?q=Norrby",
        inside=(PROCUREMENT_CASE_TITLE, "Norrby Kraft"),
    ),
    Channel(
        "public search for the secret description",
        lambda d: reverse("public-search") + "?q=skalskydd",
        login=False,
        public_view=True,
    ),
    Channel(
        "public search for the anbud's sender",
        lambda d: reverse("public-search") + "?q=Norrby",
        login=False,
        public_view=True,
    ),
    Channel(
        "public search for the public case",
        lambda d: reverse("public-search") + "?q=krisledningsplats",
        everyone=(PROCUREMENT_CASE_TITLE,),
        login=False,
        public_view=True,
    ),
    # The API.
    Channel(
        "api cases",
        _api("cases/?page_size=100"),
        inside=(SECRET_CASE_TITLE, PROCUREMENT_CASE_TITLE),
        everyone=(PROCUREMENT_CASE_TITLE,),
        login=False,
    ),
    Channel(
        "api cases searched",
        _api("cases/?search=krisledningsplats"),
        inside=(SECRET_CASE_TITLE,),
        everyone=(PROCUREMENT_CASE_TITLE,),
        login=False,
    ),
    Channel(
        "api secret case",
        _api("cases/{d.secret.pk}/"),
        inside=(SECRET_CASE_TITLE, "Förstärkt skalskydd"),
        login=False,
    ),
    Channel(
        "api public case",
        _api("cases/{d.public.pk}/"),
        everyone=(PROCUREMENT_CASE_TITLE,),
        login=False,
    ),
    Channel(
        "api secret case's journal",
        _api("cases/{d.secret.pk}/entries/"),
        inside=(SECRET_ATTACHMENT_TITLE,),
        login=False,
    ),
    Channel(
        "api public case's journal",
        _api("cases/{d.public.pk}/entries/"),
        inside=(TENDER_SUBJECT, "Norrby Kraft"),
        everyone=("Förfrågningsunderlag",),
        login=False,
    ),
    Channel(
        "api public case's secret entry",
        _api("cases/{d.public.pk}/entries/2/"),
        inside=(TENDER_SUBJECT, "Norrby Kraft"),
        login=False,
    ),
    Channel(
        "api secret case's report",
        _api("cases/{d.secret.pk}/document/"),
        inside=(SECRET_DOCUMENT_TITLE, "72 timmars drift", SECRET_ATTACHMENT_TITLE),
    ),
    Channel(
        "api public case's report",
        _api("cases/{d.public.pk}/document/"),
        inside=("KS 2023/238", "Säkerhetsskyddsanalysen som kraven bygger på"),
        everyone=(NEUTRAL_TITLE,),
    ),
    Channel(
        "api meetings",
        _api("meetings/?year=2023"),
        login=False,
    ),
    Channel(
        "api meeting",
        _api("meetings/{d.meeting.pk}/"),
        inside=(SECRET_CASE_TITLE, SECRET_DECISION),
        everyone=(PROCUREMENT_CASE_TITLE, PUBLIC_DECISION),
        login=False,
    ),
    Channel("api notices", _api("notices/"), login=False),
    Channel(
        "api vision members",
        _api("visions/{d.vision.pk}/members/"),
        everyone=("KS 2023/238",),
        login=False,
    ),
    Channel(
        "api vision member",
        _api("visions/{d.vision.pk}/members/huddinge/"),
        everyone=("KS 2023/238",),
        login=False,
    ),
    # The anslagstavla.
    Channel(
        "anslagstavla",
        lambda d: reverse("anslagstavla:list"),
        login=False,
        public_view=True,
    ),
    Channel(
        "anslag",
        lambda d: reverse("anslagstavla:detail", args=[d.notice.pk]),
        login=False,
        public_view=True,
    ),
    # The målbild matrix: a member's case shows by its number, nothing more.
    Channel(
        "målbild matrix",
        lambda d: reverse("targets:matrix", args=[d.vision.pk]),
        everyone=("KS 2023/238",),
        login=False,
        public_view=True,
    ),
    Channel(
        "målbild matrix CSV",
        lambda d: reverse("targets:matrix_csv", args=[d.vision.pk]),
        everyone=("KS 2023/238",),
        login=False,
        public_view=True,
    ),
    Channel(
        "målbild member timeline",
        lambda d: reverse("targets:member", args=[d.vision.pk, "huddinge"]),
        everyone=("KS 2023/238",),
        login=False,
        public_view=True,
    ),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with secrecy_demo(django_db_blocker, tmp_path_factory.mktemp("media")) as data:
        yield data


def _text(response) -> str:
    """What the response shows a reader, whitespace evened out: a PDF's text, a
    page's or the API's text with entities read."""
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if body.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(body))
        text = "\n".join(page.extract_text() for page in reader.pages)
        text += " ".join(str(v) for v in (reader.metadata or {}).values())
    elif response["Content-Type"].startswith("application/json"):
        text = json.dumps(json.loads(body), ensure_ascii=False)
    else:
        # The page as sent (attributes too) and as read (a search marks the
        # words it found: "<mark>krisledningsplats</mark>").
        page = body.decode()
        text = html.unescape(page) + " " + html.unescape(re.sub(r"<[^>]+>", "", page))
    return " ".join(text.split())


def _get(username: str | None, url: str):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client.get(url)


@pytest.mark.parametrize("viewer", OUTSIDERS)
@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_others_see_only_what_osl_allows(demo, channel, viewer):
    response = _get(OUTSIDERS[viewer], channel.url(demo))
    if viewer == "anonymous" and channel.login:
        assert response.status_code in (302, 401, 403), response.status_code
        return
    # Refused (404 for a case they may not know of) or shown without the secrets.
    assert response.status_code in (200, 403, 404), response.status_code
    text = _text(response)
    leaks = [secret for secret in SECRETS if secret in text]
    assert leaks == [], f"{channel.name} shows {viewer}: {leaks}"
    if channel.everyone:
        assert response.status_code == 200
        missing = [shown for shown in channel.everyone if shown not in text]
        assert missing == [], f"{channel.name} no longer shows {viewer}: {missing}"


@pytest.mark.parametrize("viewer", INSIDERS)
@pytest.mark.parametrize("channel", CHANNELS, ids=lambda c: c.name)
def test_the_cases_own_organisation_sees_them(demo, channel, viewer):
    response = _get(INSIDERS[viewer], channel.url(demo))
    assert response.status_code == 200, response.status_code
    text = _text(response)
    if channel.public_view:
        # The public's view shows the case's own people no more than anyone.
        assert [secret for secret in SECRETS if secret in text] == []
    expected = channel.inside + channel.everyone
    missing = [shown for shown in expected if shown not in text]
    assert missing == [], f"{channel.name} does not show {viewer}: {missing}"
