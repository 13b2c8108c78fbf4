"""The demo with its secret and partly secret case taken on to a meeting: the data
of the secrecy channel tests and of the permission matrix (one load per module).

`secrecy_demo(django_db_blocker, media_root)` loads the demo in a transaction that
is rolled back at the end and yields a `SecrecyDemo`. On top of the demo:

- KS 2023/238 (secret) and KS 2023/239 (public, with a secret anbud in its journal
  and the secret case's report as a bilaga) are approved, decided at a meeting of
  Huddinge's Kommunstyrelsen on 6 November 2023 (§ 1 and § 2), the minutes
  adjusted and their notice on the anslagstavla today;
- their handlingar are put together (the worker's job);
- Huddinge's row of the målbild matrix names the secret case (as a member whose
  case about the vision is secret would), so that the matrix shows its number.
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cases.models import AgendaItem, Attachment, Case, Decision, Meeting, Notice
from cases.services.anslag import notice_publish
from cases.services.handlingar import handlingar_build_now
from cases.services.justering import justering_confirm, minutes_send_for_justering
from cases.services.meetings import agenda_add, decision_record, meeting_create
from cases.services.search_index import search_index_flush
from cases.services.workflow import case_approve, case_submit
from members.models import User
from ssr_portal.demo import load_demo
from targets.models import MemberApproval, Vision

SECRET_NUMBER = "KS 2023/238"
PUBLIC_NUMBER = "KS 2023/239"
MEETING_DATE = datetime.date(2023, 11, 6)
# What the decision in the secret case says (as secret as the case).
SECRET_DECISION = (
    "Kommunstyrelsen beslutar att bygga ut krisledningsplatsens reservkraft till "
    "72 timmars drift och att byta passersystemet."
)
PUBLIC_DECISION = (
    "Kommunstyrelsen tilldelar kontraktet för reservkraft till den leverantör som "
    "lämnat det ekonomiskt mest fördelaktiga anbudet."
)


@dataclass
class SecrecyDemo:
    secret: Case
    public: Case
    meeting: Meeting
    secret_item: AgendaItem
    public_item: AgendaItem
    notice: Notice
    vision: Vision
    # The secret case's uploaded file, and the public case's bilaga that is the
    # secret case's report.
    secret_file: Attachment
    secret_report: Attachment


def _user(username: str) -> User:
    return User.objects.get(username=username)


def advance_secret_cases() -> SecrecyDemo:
    secret = Case.objects.get(number=SECRET_NUMBER)
    public = Case.objects.get(number=PUBLIC_NUMBER)
    handler, director = _user("handlaggare"), _user("kommundirektor")
    secretary = _user("sekreterare")
    chair, adjuster = _user("ordforande"), _user("justerare")
    for case in (secret, public):
        case_submit(case=case, user=handler)
        case_approve(case=Case.objects.get(pk=case.pk), user=director)
    meeting = meeting_create(
        board=secret.board,
        user=secretary,
        meeting_date=MEETING_DATE,
        start_time=datetime.time(18, 0),
        place="Huddinge kommunhus",
        chair=chair,
        secretary=secretary,
        adjusters=[adjuster],
        members_present=[chair, adjuster],
    )
    items = {}
    for case, text in ((secret, SECRET_DECISION), (public, PUBLIC_DECISION)):
        item = agenda_add(meeting=meeting, case=case, user=secretary)
        decision_record(
            item=item, user=secretary, kind=Decision.Kind.APPROVE, text=text
        )
        items[case.pk] = item
    minutes_send_for_justering(meeting=meeting, user=secretary)
    for signer in (chair, adjuster):
        justering_confirm(meeting=Meeting.objects.get(pk=meeting.pk), user=signer)
    meeting.refresh_from_db()
    today = timezone.localdate()
    notice = notice_publish(meeting, user=User.objects.system(), published=today)
    for case in (secret, public):
        handlingar_build_now(document_id=case.document.pk)
    vision = Vision.objects.get()
    MemberApproval.objects.filter(
        vision=vision, organisation=secret.board.organisation
    ).update(case=secret)
    secret.refresh_from_db()
    public.refresh_from_db()
    return SecrecyDemo(
        secret=secret,
        public=public,
        meeting=meeting,
        secret_item=AgendaItem.objects.get(pk=items[secret.pk].pk),
        public_item=AgendaItem.objects.get(pk=items[public.pk].pk),
        notice=notice,
        vision=vision,
        secret_file=Attachment.objects.get(document__case=secret),
        secret_report=Attachment.objects.get(document__case=public, source_case=secret),
    )


@contextmanager
def secrecy_demo(django_db_blocker, media_root):
    """The demo and the steps above, its files under `media_root`, in a
    transaction rolled back afterwards."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media_root)),
        transaction.atomic(),
    ):
        load_demo()
        data = advance_secret_cases()
        # The search index is written when a transaction commits; this one is
        # rolled back, so it is written here as the commit would.
        search_index_flush()
        yield data
        transaction.set_rollback(True)
