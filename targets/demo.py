"""The målbild of the demo: SSR's vision 2023–2026 with the seed's overall aim,
adopted by the regionala chefsgruppen on 10 March 2023, the seed's five bilagor as
its documents, the aktiverat läge since October 2023, Huddinge's Målbild case as
Huddinge's approval and board decision, and a few other members at other stages.

SSR's real foundations, goals and milestones of 2023–2026 are not public in our
sources (shared/data/README.md): the demo's say "Exempel" in their titles, and the
other members' stages are example data, said so in their notes. Idempotent."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction

from cases.models import ApprovalEvent, Case, Decision
from members.models import Organisation, User

from . import services
from .models import (
    Activation,
    Evidence,
    Foundation,
    Goal,
    GoalFollowUp,
    MemberApproval,
    Milestone,
    Vision,
    VisionDocument,
    VisionVersion,
)

TITLE = "Målbild Samverkan Stockholmsregionen 2023-2026"
START_YEAR = 2023
AIM = (
    "Att tillsammans skapa trygghet, säkerhet och effektiv hantering av "
    "samhällsstörningar i regionen i vardag, kris och höjd beredskap. Detta sker "
    "genom att; stärka samhällets förmåga att upprätthålla viktiga samhällsfunktioner "
    "samt inrikta och samordna regionens resurser för att kunna förebygga och "
    "minimera oönskade effekter av kända eller plötsligt inträffade händelser."
)
DESCRIPTION = (
    "Som styrning och prioritering för det gemensamma arbetet över tid ingår att "
    "formulera gemensamma målbilder. Dessa ska omfatta kommande fyraårsperiod och "
    "uppdateras i samband med ny mandatperiod."
)
ADOPTED_ON = datetime.date(2023, 3, 10)
ADOPTED_BY = "Regionala chefsgruppen"
EXAMPLE_NOTE = "Exempeldata i demon, inte verkliga uppgifter."

FOUNDATIONS = [
    (
        "Exempel: Gemensam lägesbild",
        "Exempel: aktörerna delar en gemensam lägesbild i vardag, kris och höjd "
        "beredskap.",
    ),
    (
        "Exempel: Tydliga roller i samverkan",
        "Exempel: varje aktör känner sin roll på verkställande, samordnande och "
        "inriktande nivå.",
    ),
]
GOALS = [
    (
        "Exempel: Stärkt förmåga att ge och ta emot stöd",
        "Exempel: aktörerna kan ge och ta emot stöd inom regionen vid en "
        "samhällsstörning.",
    ),
    (
        "Exempel: Samordnad kommunikation",
        "Exempel: regionens aktörer kommunicerar samordnat med allmänheten.",
    ),
    (
        "Exempel: Övad krisorganisation",
        "Exempel: varje aktör övar sin krisorganisation med de andra minst en gång "
        "om året.",
    ),
]
MILESTONES = [
    (0, "Exempel: Stödöverenskommelse mellan aktörerna", datetime.date(2024, 6, 30), "done"),
    (1, "Exempel: Gemensam kommunikationsplan", datetime.date(2025, 3, 31), "under_way"),
    (2, "Exempel: Regional övning", datetime.date(2025, 11, 30), "planned"),
    (None, "Exempel: Uppföljning av målbilden", datetime.date(2026, 12, 31), "planned"),
]  # fmt: skip
# Follow-up per goal and year (example data): 2023 and 2024 recorded, 2025 partly.
FOLLOW_UPS = {
    0: {2023: "under_way", 2024: "under_way", 2025: "reached"},
    1: {2023: "not_started", 2024: "under_way", 2025: "at_risk"},
    2: {2023: "under_way", 2024: "reached"},
}
ACTIVATION = {
    "started_on": datetime.date(2023, 10, 1),
    "reason": "Våldet i länet",
    "requested_by": "",
    "level": "",
}
# Other members at other stages, all example data.
OTHER_STAGES = [
    ("Nacka kommun", {"received_on": datetime.date(2023, 3, 13),
                      "case_number": "KFKS 2023/0001 (exempel)"}),
    ("Södertälje kommun", {"received_on": datetime.date(2023, 3, 13),
                           "case_number": "KS 2023/0002 (exempel)",
                           "approved_on": datetime.date(2023, 4, 3),
                           "approver_name": "Kommundirektören (exempel)"}),
    ("Stockholms stad", {"received_on": datetime.date(2023, 3, 13),
                         "case_number": "KS 2023/0003 (exempel)",
                         "approved_on": datetime.date(2023, 3, 27),
                         "approver_name": "Stadsdirektören (exempel)",
                         "board_name": "Kommunstyrelsen",
                         "decision_kind": "noted",
                         "decision_date": datetime.date(2023, 5, 10),
                         "decision_paragraph": 12}),
]  # fmt: skip


def _vision() -> Vision:
    vision = Vision.objects.filter(start_year=START_YEAR).first()
    if vision is None:
        vision = services.vision_create(
            user=User.objects.system(),
            title=TITLE,
            start_year=START_YEAR,
            aim=AIM,
            description=DESCRIPTION,
        )
    services.approvals_ensure(vision)
    return vision


def _content(vision: Vision, attachment_pdf) -> None:
    if not vision.versions.exists():
        VisionVersion.objects.create(
            vision=vision,
            number=1,
            kind=VisionVersion.Kind.ADOPTED,
            date=ADOPTED_ON,
            decided_by=ADOPTED_BY,
        )
    if not vision.documents.exists():
        from ssr_portal.demo_document import ATTACHMENTS

        for position, title in enumerate(ATTACHMENTS):
            document = VisionDocument(
                vision=vision,
                position=position,
                title=title,
                original_name=f"bilaga-{position + 1}.pdf",
                content_type="application/pdf",
            )
            data = attachment_pdf(position + 1, title)
            document.size = len(data)
            document.file.save(
                f"bilaga-{position + 1}.pdf", ContentFile(data), save=False
            )
            document.save()
    if not vision.foundations.exists():
        for position, (title, text) in enumerate(FOUNDATIONS):
            Foundation.objects.create(
                vision=vision, position=position, title=title, text=text
            )
    if not vision.goals.exists():
        for position, (title, ambition) in enumerate(GOALS):
            Goal.objects.create(
                vision=vision, position=position, title=title, ambition=ambition
            )
    goals = list(vision.goals.order_by("position"))
    if not vision.milestones.exists():
        for goal_index, title, due, status in MILESTONES:
            Milestone.objects.create(
                vision=vision,
                goal=goals[goal_index] if goal_index is not None else None,
                title=title,
                due_date=due,
                status=status,
                done_date=due if status == "done" else None,
            )
    if not GoalFollowUp.objects.filter(goal__vision=vision).exists():
        for index, years in FOLLOW_UPS.items():
            for year, status in years.items():
                GoalFollowUp.objects.create(
                    goal=goals[index],
                    year=year,
                    status=status,
                    comment="Exempel på uppföljning.",
                )
    stod_2023 = GoalFollowUp.objects.filter(goal=goals[0], year=2023).first()
    case = Case.objects.filter(
        board__organisation__municipality_code="0126", number="KS 2023/236"
    ).first()
    if stod_2023 and case and not stod_2023.evidence.exists():
        Evidence.objects.create(
            follow_up=stod_2023,
            kind=Evidence.Kind.CASE,
            title="Exempel: Huddinges ärende om målbilden",
            case=case,
        )
    if not Activation.objects.filter(started_on=ACTIVATION["started_on"]).exists():
        Activation.objects.create(**ACTIVATION)


def _huddinge(vision: Vision) -> None:
    """Huddinge's row: the demo Målbild case, its approval and board decision."""
    case = Case.objects.filter(
        board__organisation__municipality_code="0126", number="KS 2023/236"
    ).first()
    if case is None:
        return
    row = MemberApproval.objects.get(
        vision=vision, organisation=case.board.organisation
    )
    if row.case_id is None:
        row.case = case
        row.received_on = case.registered_date
        row.save()
    approval = (
        ApprovalEvent.objects.filter(case=case, kind=ApprovalEvent.Kind.APPROVED)
        .order_by("-created_at")
        .first()
    )
    if approval is not None:
        services.approval_from_case_approval(approval)
    decision = (
        Decision.objects.filter(item__case=case)
        .select_related("item__meeting__board")
        .order_by("-created_at")
        .first()
    )
    if decision is not None:
        services.approval_from_decision(decision)


def _others(vision: Vision) -> None:
    for name, values in OTHER_STAGES:
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            continue
        row = MemberApproval.objects.get(vision=vision, organisation=organisation)
        if row.received_on is None:
            for key, value in values.items():
                setattr(row, key, value)
            row.note = EXAMPLE_NOTE
            row.save()


def load_vision(*, attachment_pdf) -> Vision:
    with transaction.atomic():
        vision = _vision()
        _content(vision, attachment_pdf)
        _huddinge(vision)
        _others(vision)
    return vision
