"""Every form of the portal, filled with hostile input (Hypothesis): no answer is a
server error.

The test reads the demo's pages as each role sees them (following the portal's own
links, a few pages of each kind), collects every form that posts (htmx's too), and
posts generated values into its fields: text of any kind (NUL bytes, right-to-left
marks, markup, ten thousand characters), numbers out of range, impossible dates,
options that are not offered, and the values the page itself gave. A refusal (400,
403, 404, 409, a form with its message) is the right answer to most of them; a 500
never is."""

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from cases.services.diarium import case_register
from cases.services.documents import SectionInput, document_save, document_start
from cases.services.meetings import agenda_add
from cases.services.workflow import case_approve, case_submit
from members.models import User
from ssr_portal.demo import load_coming_meeting, load_demo, load_fresh_case
from tests.fuzz.pages import Form, local_path, parse

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "25:61",
    "<script>alert(1)</script>",
    "Om a<b och b>c <!-- <style>",
    "\u202eredro\u202c",
    "'; DROP TABLE cases_case; --",
    "../../etc/passwd",
    "x" * 10_000,
    "%00%ff",
    "\ud7ff\ue000\uffff",
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
# Pages to read per kind of address (/cases/N/document/ is one kind).
PAGES_PER_KIND = 3
EXAMPLES_PER_FORM = 6
SKIP = re.compile(r"^/(admin|api|static|i18n|logout|logos)/|\.(pdf|csv)$|/download")


def kind_of(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(client, start: list[str]) -> tuple[list[Form], list[str]]:
    """The forms of the pages reachable from `start`, and any page that failed."""
    queue, seen, kinds, forms, failed = list(start), set(), Counter(), {}, []
    while queue:
        path = queue.pop(0)
        if path in seen or SKIP.search(path) or kinds[kind_of(path)] >= PAGES_PER_KIND:
            continue
        seen.add(path)
        kinds[kind_of(path)] += 1
        response = client.get(path)
        if response.status_code >= 500:
            failed.append(f"GET {path}: {response.status_code}")
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = parse(f"http://testserver{path}", response.content.decode())
        for form in page.forms:
            forms.setdefault((kind_of(form.action), tuple(sorted(form.fields))), form)
        queue.extend(p for link in page.links if (p := local_path(link)))
    return list(forms.values()), failed


def values_for(form: Form):
    strategies = {}
    for name, field in form.fields.items():
        choices = [st.just(field.value), st.sampled_from(NASTY), TEXT]
        if field.options:
            choices.insert(0, st.sampled_from(field.options))
        if field.kind == "file":
            continue
        if field.kind in {"checkbox", "radio"}:
            choices.append(st.none())
        strategies[name] = st.one_of(choices)
    return st.fixed_dictionaries(strategies)


def post_examples(client, form: Form) -> list[str]:
    failures = []
    action = local_path(form.action)

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(values=values_for(form), htmx=st.booleans())
    def post(values, htmx):
        data = {name: value for name, value in values.items() if value is not None}
        headers = {"HX-Request": "true"} if htmx else {}
        response = client.post(action, data, headers=headers)
        if response.status_code >= 500:
            failures.append(f"POST {action} {data!r}: {response.status_code}")

    post()
    return failures


def more_states() -> None:
    """Beside the demo: the fresh case submitted (the director's approval forms),
    and an approved case on the coming meeting's agenda (the secretary's decision
    forms)."""
    fresh = load_fresh_case()
    case_submit(case=fresh, user=fresh.handler)
    case = case_register(
        board=fresh.board,
        title="Yttrande över remiss om regional krisberedskap",
        handler=fresh.handler,
        registered_by=User.objects.get(username="registrator"),
    )
    document = document_start(case=case, user=case.handler)
    document_save(
        document=document,
        user=case.handler,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[
            SectionInput(
                title="Förslag till beslut", text="Kommunstyrelsen yttrar sig."
            )
        ],
    )
    case_submit(case=case, user=case.handler)
    case_approve(case=case, user=User.objects.get(username="bitr-kommundirektor"))
    agenda_add(
        meeting=load_coming_meeting(),
        case=case,
        user=User.objects.get(username="sekreterare"),
    )


@pytest.mark.parametrize(
    "username",
    [
        None,
        "handlaggare",
        "kommundirektor",
        "sekreterare",
        "registrator",
        "samordnare",
        "ordforande",
    ],
)
def test_no_form_answers_hostile_input_with_a_server_error(db, client, username):
    load_demo()
    more_states()
    if username:
        client.force_login(User.objects.get(username=username))
    forms, failures = crawl(
        client,
        ["/", "/cases/", "/diarium/", "/anslagstavla/", "/malbild/", "/members/"],
    )
    for form in forms:
        failures += post_examples(client, form)
    assert not failures, "\n".join(failures[:20])
    if username:
        assert forms, "the role's pages have forms"
