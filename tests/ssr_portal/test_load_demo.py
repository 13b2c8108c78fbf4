"""`manage.py load_demo`: idempotent, and refused with debug off unless --force;
the Målbild case taken through the workflow, a fresh case and a coming meeting."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import (
    AgendaItem,
    ApprovalEvent,
    Case,
    Decision,
    Dispatch,
    Document,
    Meeting,
    Notice,
    Section,
    SectionTemplate,
)
from members.models import User
from ssr_portal.demo import DISPATCH_NOTE, FRESH_CASE_TITLE

pytestmark = pytest.mark.django_db

# Values that change on every save, whatever the data.
VOLATILE = {"created_at", "updated_at", "password", "last_login"}


def _snapshot() -> dict[str, list[dict]]:
    """Every row of the portal's own models (not their history), without the
    columns that move on every save."""
    models = [
        model
        for label in ("members", "cases", "targets")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ] + [Group]
    return {
        model._meta.label: [
            {k: v for k, v in row.items() if k not in VOLATILE}
            for row in model.objects.order_by("pk").values()
        ]
        for model in models
    }


def test_load_demo_is_refused_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="SSR_DEBUG"):
        call_command("load_demo")
    assert not Case.objects.exists()


def test_load_demo_runs_with_debug_off_when_forced(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo", force=True)
    assert Case.objects.filter(number="KS 2023/236").exists()
    assert "ssr-demo" in capsys.readouterr().out


def test_load_demo_twice_gives_the_same_data(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    second = _snapshot()
    assert {label: len(rows) for label, rows in first.items()} == {
        label: len(rows) for label, rows in second.items()
    }
    assert first == second
    assert len(first["cases.Case"]) >= 3
    numbers = [row["number"] for row in second["cases.Case"]]
    assert {"KS 2014/195", "KS 2015/560", "KS 2023/236"} <= set(numbers)


def test_load_demo_takes_the_malbild_case_through_the_workflow(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "ordforande" in out and "justerare" in out
    case = Case.objects.get(number="KS 2023/236")
    assert case.status == Case.Status.DISPATCHED
    assert list(
        ApprovalEvent.objects.filter(case=case)
        .order_by("created_at", "pk")
        .values_list("kind", "user__username")
    ) == [("submitted", "handlaggare"), ("approved", "kommundirektor")]
    item = AgendaItem.objects.get(case=case)
    meeting = item.meeting
    assert meeting.meeting_date == datetime.date(2023, 4, 17)
    assert meeting.is_adjusted
    assert meeting.chair.username == "ordforande"
    assert [u.username for u in meeting.adjusters.all()] == ["justerare"]
    assert item.paragraph == 1
    assert item.decision.kind == Decision.Kind.NOTE
    assert item.decision.text == (
        "Kommunstyrelsen noterar till protokollet att man tagit del av information "
        "om Målbild Samverkan Stockholmsregionens 2023-2026."
    )
    notice = Notice.objects.get(meeting=meeting)
    # The chain reads as it happened in 2023, not on the day the demo was loaded.
    assert meeting.adjusted_at.date() == datetime.date(2023, 4, 19)
    assert notice.published_date == datetime.date(2023, 4, 20)
    assert notice.last_appeal_date == datetime.date(2023, 5, 11)
    assert {e.created_at.date() for e in ApprovalEvent.objects.filter(case=case)} == {
        datetime.date(2023, 3, 20)
    }
    assert sorted(
        Dispatch.objects.filter(case=case).values_list(
            "recipient_name", "method", "status", "by__username", "note"
        )
    ) == [
        (name, "manual", "done", "sekreterare", DISPATCH_NOTE)
        for name in ("Länsstyrelsen Stockholm", "Samverkan Stockholmsregionen")
    ]
    for username in ("ordforande", "justerare"):
        assert not User.objects.get(username=username).groups.exists()


def test_load_demo_has_the_vision_with_huddinges_decision(settings, capsys):
    from targets.models import MemberApproval, Vision

    settings.DEBUG = True
    call_command("load_demo")
    vision = Vision.objects.get()
    assert vision.period == "2023–2026"
    assert vision.aim.startswith("Att tillsammans skapa trygghet, säkerhet")
    assert vision.versions.get().date == datetime.date(2023, 3, 10)
    assert vision.documents.count() == 5
    # SSR's real goals are not public: the demo's are marked as examples.
    assert all(goal.title.startswith("Exempel") for goal in vision.goals.all())
    huddinge = MemberApproval.objects.get(organisation__municipality_code="0126")
    assert huddinge.case.number == "KS 2023/236"
    assert huddinge.approved_by.username == "kommundirektor"
    assert huddinge.approved_on == datetime.date(2023, 3, 20)
    assert huddinge.status == MemberApproval.Status.NOTED
    assert (huddinge.decision_date, huddinge.decision_paragraph) == (
        datetime.date(2023, 4, 17),
        1,
    )


def test_load_demo_has_a_fresh_case_and_a_coming_meeting(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    fresh = Case.objects.get(title=FRESH_CASE_TITLE)
    assert fresh.number == "KS 2023/237"
    assert fresh.status == Case.Status.DRAFTING
    assert fresh.handler.username == "handlaggare"
    assert Document.objects.filter(case=fresh).count() == 1
    coming = Meeting.objects.filter(meeting_date__gte=timezone.localdate())
    # One coming meeting each for Huddinge's and Botkyrka's Kommunstyrelsen.
    assert sorted(coming.values_list("board__organisation__name", flat=True)) == [
        "Botkyrka kommun",
        "Huddinge kommun",
    ]
    assert {m.board.name for m in coming} == {"Kommunstyrelsen"}


def test_load_demo_has_a_secret_and_a_partly_secret_case(settings, capsys):
    """Issue 10 §8: anyone trying the demo sees secrecy applied, on a secret case
    and on a public case with a secret document and a secret attachment."""
    from cases.models import JournalEntry, Secrecy
    from ssr_portal.demo_secrecy import (
        PROCUREMENT_CASE_TITLE,
        SECRET_CASE_REFERENCE,
        SECRET_CASE_TITLE,
        TENDER_REFERENCE,
    )

    settings.DEBUG = False
    call_command("load_demo", force=True)
    call_command("load_demo", force=True)
    secret = Case.objects.get(number="KS 2023/238")
    assert (secret.title, secret.secrecy, secret.secrecy_reference) == (
        SECRET_CASE_TITLE,
        Secrecy.SECRET,
        SECRET_CASE_REFERENCE,
    )
    assert secret.board.organisation.slug == "huddinge"
    assert [a.title for a in secret.document.attachments.all()] == [
        "Säkerhetsskyddsanalys för krisledningsplatsen"
    ]
    assert {e.secrecy for e in secret.entries.all()} == {Secrecy.SECRET}

    public = Case.objects.get(number="KS 2023/239")
    assert (public.title, public.secrecy) == (PROCUREMENT_CASE_TITLE, Secrecy.PUBLIC)
    assert list(public.entries.values_list("direction", "secrecy")) == [
        (JournalEntry.Direction.OUTGOING, Secrecy.PUBLIC),
        (JournalEntry.Direction.INCOMING, Secrecy.SECRET),
    ]
    assert public.entries.get(serial=2).secrecy_reference == TENDER_REFERENCE
    # The secret case's report is its second bilaga, under a title naming nothing.
    attached = public.document.attachments.get(source_case=secret)
    assert attached.title == "Tjänsteskrivelse i sekretessbelagt ärende"
    assert public.references.get().referenced_case == secret
    # The Målbild case is as it was.
    assert Case.objects.get(number="KS 2023/236").secrecy == Secrecy.PUBLIC


def test_no_demo_section_starts_with_a_raw_subheading(settings, capsys):
    """A section has its heading (its title); a first line "### Kommunstyrelsens
    beslut" under "Förslag till beslut" showed raw signs in the editor."""
    settings.DEBUG = True
    call_command("load_demo")
    starts = [
        (s.document.case.number, s.title, s.text.split("\n", 1)[0])
        for s in Section.objects.select_related("document__case")
    ] + [
        ("template", s.title, s.text.split("\n", 1)[0])
        for s in SectionTemplate.objects.all()
    ]
    assert starts
    assert [start for start in starts if start[2].lstrip().startswith("#")] == []
