"""The start page's inbox (ssr_portal/inbox.py, issue 13): a section per step
that waits for the person, each item linking to where the step is taken, a calm
sentence per role when nothing waits, the count in the main menu, and a fixed
number of queries whatever the size.

The cases are brought into each state by the services, as people do it:
alice (official) writes and submits, dan (director) approves or returns, sara
(secretary) puts them on a meeting and sends the minutes for justering, jan
(justerare) and ulla (chair) adjust them (tests/cases/meeting_fixtures.py,
tests/cases/justering_fixtures.py).
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from cases.models import Case, Document
from cases.services import SectionInput, case_register, document_save, document_start
from cases.services import justering as justering_services
from cases.services import meetings as meeting_services
from cases.services.workflow import case_approve, case_return, case_submit
from members.roles import Role
from ssr_portal.inbox import ITEMS, inbox_counts, inbox_for
from targets import services as target_services
from tests.factories import CaseFactory, OrganisationFactory, UserFactory
from tests.helpers import system, use_language

pytestmark = pytest.mark.django_db

FINDING = "Du har inga öppna ärenden som handläggare"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def written_case(ks, alice, title="Målbild Samverkan Stockholmsregionen 2023-2026"):
    """A case of alice's with its official report written: ready to submit."""
    case = case_register(board=ks, title=title, handler=alice, registered_by=alice)
    document = document_start(case=case, user=alice)
    document = Document.objects.get(pk=document.pk)
    document_save(
        document=document,
        user=alice,
        base_version=document.version,
        title=document.title,
        document_date=document.document_date,
        sections=[
            SectionInput(
                id=section.pk,
                title=section.title,
                text="Kommunstyrelsen noterar informationen." if i == 0 else "",
            )
            for i, section in enumerate(document.sections.all())
        ],
    )
    return Case.objects.get(pk=case.pk)


def submitted_case(ks, alice, **kwargs):
    case = written_case(ks, alice, **kwargs)
    case_submit(case=case, user=alice)
    return Case.objects.get(pk=case.pk)


def home(client, user):
    client.force_login(user)
    return client.get(reverse("home"))


# --- the director -------------------------------------------------------------------


def test_the_director_sees_a_case_that_waits_for_her_approval(
    client, ks, alice, director
):
    case = submitted_case(ks, alice)

    response = home(client, director)

    assertContains(response, "Väntar på ditt godkännande (1)</h3>")
    assertContains(
        response,
        f'href="{reverse("cases:document", args=[case.pk])}#approval">'
        f"{case.number} {case.title}</a>",
    )
    assertContains(response, "Kommunstyrelsen, handläggare Alice")


def test_the_director_is_not_told_she_has_no_cases_as_case_officer(
    client, ks, alice, director
):
    """The finding of issue 13: her start page said she had no open cases as
    handläggare while a case waited for her approval."""
    submitted_case(ks, alice)

    response = home(client, director)

    assertNotContains(response, FINDING)
    assertNotContains(response, "Mina öppna ärenden")


def test_an_empty_inbox_says_a_calm_sentence_for_the_director(client, director):
    response = home(client, director)

    assertContains(response, "<p>Inga ärenden väntar på ditt godkännande.</p>")
    assertNotContains(response, FINDING)


def test_an_approved_case_leaves_the_directors_inbox(client, ks, alice, director):
    case = submitted_case(ks, alice)
    case_approve(case=case, user=director)

    assertNotContains(home(client, director), "Väntar på ditt godkännande")


def test_the_four_eyes_rule_keeps_a_directors_own_case_out(client, ks, director):
    """She handles it, so another director approves it (four eyes)."""
    director.groups.add(*UserFactory(roles=[Role.OFFICIAL]).groups.all())
    submitted_case(ks, director)

    assert "approval" not in [s.key for s in inbox_for(director)]


def test_a_director_of_another_organisation_does_not_see_the_case(
    client, ks, alice, botkyrka
):
    submitted_case(ks, alice)
    other = UserFactory(organisation=botkyrka, roles=[Role.DIRECTOR])

    assertNotContains(home(client, other), "Väntar på ditt godkännande")


# --- the official ---------------------------------------------------------------------


def test_the_official_sees_her_returned_case_with_the_comment(
    client, ks, alice, director
):
    case = submitted_case(ks, alice)
    case_return(case=case, user=director, comment="Förtydliga de ekonomiska följderna.")

    response = home(client, alice)

    assertContains(response, "Återlämnade till dig (1)</h3>")
    assertContains(response, "Förtydliga de ekonomiska följderna.")
    assertContains(
        response, f'href="{reverse("cases:document", args=[case.pk])}#returned-comment"'
    )
    # Returned, not one more draft; still one of her open cases.
    assertNotContains(response, "Mina utkast")
    assertContains(response, "Mina öppna ärenden</h2>")


def test_the_official_sees_her_drafts_and_not_what_she_submitted(client, ks, alice):
    draft = written_case(ks, alice, title="Utkast om krisberedskap")
    submitted_case(ks, alice, title="Inskickat ärende")

    response = home(client, alice)

    assertContains(response, "Mina utkast (1)</h3>")
    assertContains(
        response,
        f'href="{reverse("cases:document", args=[draft.pk])}">'
        f"{draft.number} Utkast om krisberedskap</a>",
    )


def test_the_official_sees_a_follow_up_date_that_has_passed(client, ks, alice):
    today = timezone.localdate()
    case = case_register(
        board=ks,
        title="Bevakning av remissvar",
        handler=alice,
        registered_by=alice,
        follow_up_date=today - datetime.timedelta(days=2),
    )
    case_register(
        board=ks,
        title="Senare bevakning",
        handler=alice,
        registered_by=alice,
        follow_up_date=today + datetime.timedelta(days=10),
    )

    response = home(client, alice)

    assertContains(response, "Uppföljningar som har förfallit (1)</h3>")
    html = response.content.decode()
    section = html[html.index('id="inbox-follow_ups"') :]
    section = section[: section.index("</section>")]
    assert f'href="{case.get_absolute_url()}">{case.number}' in section
    assert "Senare bevakning" not in section


# --- the justering --------------------------------------------------------------------


def test_the_adjuster_sees_minutes_to_adjust_once_they_are_sent(
    client, jmeeting, decided_item, secretary, adjuster
):
    assertNotContains(home(client, adjuster), "Protokoll att justera")

    justering_services.minutes_send_for_justering(meeting=jmeeting, user=secretary)

    response = home(client, adjuster)
    assertContains(response, "Protokoll att justera (1)</h3>")
    assertContains(
        response,
        f'href="{reverse("cases:meeting", args=[jmeeting.pk])}#justering">'
        "Kommunstyrelsen 2023-04-12</a>",
    )
    # Jan has no role: no sentence about case officers either.
    assertNotContains(response, FINDING)


def test_the_chair_sees_the_minutes_until_she_has_confirmed_them(
    client, jmeeting, numbered_item, chair
):
    assertContains(home(client, chair), "Protokoll att justera (1)")

    justering_services.justering_confirm(meeting=jmeeting, user=chair)

    response = home(client, chair)
    assertNotContains(response, "Protokoll att justera")
    assertContains(response, "<p>Just nu väntar inget på dig.</p>")


def test_the_secretary_does_not_adjust_the_minutes_she_kept(
    jmeeting, numbered_item, secretary
):
    assert (
        "adjust" not in inbox_counts(secretary) or not inbox_counts(secretary)["adjust"]
    )


def test_the_secretary_sees_a_proposed_change_to_answer(
    client, jmeeting, numbered_item, adjuster, secretary
):
    proposal = justering_services.justering_propose_change(
        item=numbered_item, user=adjuster, text="Rätta stavningen av Länsstyrelsen."
    )

    response = home(client, secretary)

    assertContains(response, "Ändringsförslag att besvara (1)</h3>")
    assertContains(
        response,
        f'href="{reverse("cases:meeting", args=[jmeeting.pk])}#proposal-{proposal.pk}"',
    )
    assertContains(response, "Kommunstyrelsen 2023-04-12, föreslaget av Jan")

    justering_services.justering_decide_proposal(
        proposal=proposal, user=secretary, accept=False, note="Stavningen stämmer."
    )
    assertNotContains(home(client, secretary), "Ändringsförslag att besvara")


# --- the secretary ----------------------------------------------------------------------


def test_the_secretary_sees_approved_cases_without_a_meeting(
    client, ks, alice, director, secretary, make_meeting
):
    case = submitted_case(ks, alice)
    case_approve(case=case, user=director)

    response = home(client, secretary)
    assertContains(response, "Godkända ärenden utan sammanträde (1)</h3>")
    assertContains(response, "Kommunstyrelsen har inget sammanträde planerat")
    assertContains(response, f'href="{reverse("cases:meeting-create")}"')

    later = timezone.localdate() + datetime.timedelta(days=30)
    meeting = make_meeting(day=later)
    response = home(client, secretary)
    assertContains(
        response, f'href="{reverse("cases:meeting", args=[meeting.pk])}#agenda"'
    )
    assertContains(response, f"Nästa sammanträde i Kommunstyrelsen: {later:%Y-%m-%d}")

    meeting_services.agenda_add(
        meeting=meeting, case=Case.objects.get(pk=case.pk), user=secretary
    )
    assertNotContains(home(client, secretary), "Godkända ärenden utan sammanträde")


def test_the_secretary_sees_a_decision_to_dispatch_once_the_minutes_are_adjusted(
    client, jmeeting, numbered_item, chair, adjuster, secretary
):
    assertNotContains(home(client, secretary), "Beslut att expediera")

    justering_services.justering_confirm(meeting=jmeeting, user=chair)
    justering_services.justering_confirm(meeting=jmeeting, user=adjuster)

    response = home(client, secretary)
    assertContains(response, "Beslut att expediera (1)</h3>")
    case = numbered_item.case
    assertContains(response, f'href="{case.get_absolute_url()}#dispatch"')


def test_the_registrar_sees_dispatched_cases_to_close(client, ks, huddinge):
    registrar = UserFactory(organisation=huddinge, roles=[Role.REGISTRAR])
    CaseFactory(board=ks, status=Case.Status.DISPATCHED, title="Expedierat ärende")

    response = home(client, registrar)

    assertContains(response, "Expedierade ärenden att avsluta (1)</h3>")
    assertNotContains(response, "Beslut att expediera")


def test_an_empty_inbox_says_a_calm_sentence_for_the_secretary(client, secretary):
    response = home(client, secretary)
    assertContains(
        response,
        "Inga ärenden, protokoll eller ändringsförslag väntar på dig som "
        "nämndsekreterare.",
    )
    assertNotContains(response, FINDING)


# --- the SSR coordinator ------------------------------------------------------------------


@pytest.fixture
def vision(huddinge, botkyrka):
    year = timezone.localdate().year
    return target_services.vision_create(
        user=system(),
        title="Målbild Samverkan Stockholmsregionen",
        start_year=year - (year - 1995) % 4,
        aim="Trygghet och säkerhet i regionen.",
    )


@pytest.fixture
def coordinator(db):
    ssr = OrganisationFactory(
        name="Samverkan Stockholmsregionen", kind="natverk", municipality_code=""
    )
    return UserFactory(username="sam", organisation=ssr, roles=[Role.COORDINATOR])


def test_the_coordinator_sees_the_members_that_have_not_reported(
    client, vision, coordinator, huddinge, botkyrka, director
):
    assertNotContains(home(client, coordinator), "Medlemmar som inte har rapporterat")

    target_services.vision_mark_sent(vision=vision, user=coordinator)
    response = home(client, coordinator)
    assertContains(response, "Medlemmar som inte har rapporterat (2)</h3>")
    assertContains(
        response,
        f'href="{reverse("targets:member", args=[vision.pk, "botkyrka"])}">'
        "Botkyrka kommun</a>",
    )

    # Huddinge's director approves: its board's decision is still to come.
    target_services.member_approve(vision=vision, user=director)
    response = home(client, coordinator)
    assertContains(response, "Medlemmar som inte har rapporterat (2)</h3>")
    assertContains(response, "Målbild Samverkan Stockholmsregionen: Godkänt")


def test_the_director_sees_the_vision_to_approve_for_her_organisation(
    client, vision, coordinator, director
):
    target_services.vision_mark_sent(vision=vision, user=coordinator)

    response = home(client, director)

    assertContains(response, "Väntar på ditt godkännande (1)</h3>")
    assertContains(response, f'href="{vision.get_absolute_url()}"')
    assertContains(response, "Godkänn målbilden för Huddinge kommun")


# --- the count in the main menu -----------------------------------------------------------


def test_the_main_menu_shows_the_count_with_a_label(client, ks, alice, director):
    submitted_case(ks, alice, title="Ett")
    submitted_case(ks, alice, title="Två")

    response = home(client, director)

    assertContains(
        response,
        '<span class="ds-badge site-nav__count" data-color="accent" data-count="2" '
        'aria-hidden="true"></span><span class="ds-sr-only">(2 att göra)</span>',
    )
    assertContains(response, 'href="/" aria-current="page">Start')
    # On another page too.
    assertContains(client.get(reverse("cases:list")), "(2 att göra)")


def test_the_main_menu_has_no_count_when_nothing_waits(client, director):
    response = home(client, director)
    assertContains(response, 'aria-current="page">Start</a>')
    assertNotContains(response, "att göra)")


def test_the_count_costs_a_visitor_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("home"))
    assertNotContains(response, "att göra")


def test_the_count_is_one_query_on_another_page(
    client, ks, alice, director, django_assert_num_queries
):
    submitted_case(ks, alice)
    client.force_login(director)
    client.get(reverse("accessibility"))
    # The user, the header's organisation, and the inbox's count.
    with django_assert_num_queries(3):
        response = client.get(reverse("accessibility"))
    assertContains(response, "(1 att göra)")


# --- a fixed number of queries ------------------------------------------------------------


def _busy(ks, size, user_of_org):
    """`size` cases in each state the secretary and registrar act on."""
    for _ in range(size):
        CaseFactory(board=ks, status=Case.Status.APPROVED)
        CaseFactory(board=ks, status=Case.Status.ADJUSTED)
        CaseFactory(board=ks, status=Case.Status.DISPATCHED)
        CaseFactory(board=ks, status=Case.Status.SUBMITTED)
        CaseFactory(board=ks, status=Case.Status.DRAFTING, handler=user_of_org)


@pytest.mark.parametrize("size", [1, ITEMS + 3])
def test_the_start_page_keeps_its_queries_fixed_whatever_the_size(
    client, ks, huddinge, size, django_assert_num_queries
):
    busy = UserFactory(
        organisation=huddinge,
        roles=[Role.OFFICIAL, Role.DIRECTOR, Role.SECRETARY, Role.REGISTRAR],
    )
    _busy(ks, size, busy)
    client.force_login(busy)
    # The user, their roles, the inbox's counts; the items of the director's
    # approval (cases, vision), of the drafts, of the cases without a meeting,
    # to dispatch and to close; the open cases; the header's organisation.
    with django_assert_num_queries(11):
        response = client.get(reverse("home"))
    html = response.content.decode()
    for title in (
        "Väntar på ditt godkännande",
        "Mina utkast",
        "Godkända ärenden utan sammanträde",
        "Beslut att expediera",
        "Expedierade ärenden att avsluta",
    ):
        assert f"{title} ({size})</h3>" in html
    assert ("Visa alla" in html) == (size > ITEMS)


def test_the_counts_are_one_query(ks, alice, director, django_assert_num_queries):
    submitted_case(ks, alice)
    director = type(director).objects.get(pk=director.pk)
    with django_assert_num_queries(1):
        counts = inbox_counts(director)
    assert counts["approval"] == 1
    assert sum(counts.values()) == 1


def test_a_case_whose_path_goes_on_waits_for_the_next_bodys_meeting(
    client, path_case, ksau, signed_meeting, justera, secretary
):
    """After the arbetsutskott's minutes are adjusted the case waits for the
    styrelse's meeting: not a decision to dispatch, but a case without a meeting,
    pointing at the next body."""
    meeting = signed_meeting(ksau, datetime.date(2023, 4, 3))
    item = meeting_services.agenda_add(meeting=meeting, case=path_case, user=secretary)
    meeting_services.decision_record(
        item=item, user=secretary, kind="approve", text="Arbetsutskottet föreslår …"
    )
    justera(meeting)
    assert Case.objects.get(pk=path_case.pk).status == Case.Status.ADJUSTED

    response = home(client, secretary)

    assertNotContains(response, "Beslut att expediera")
    assertContains(response, "Godkända ärenden utan sammanträde (1)</h3>")
    assertContains(response, "Kommunstyrelsen har inget sammanträde planerat")


def test_the_inbox_renders_in_english_when_the_person_chose_it(
    client, ks, alice, director
):
    submitted_case(ks, alice)
    use_language(client, "en")

    response = home(client, director)

    assertContains(response, "Waiting for your approval (1)</h3>")
    assertContains(response, "(1 to do)")
