"""The permission matrix (issue 10 §6): every URL of the portal and its API × every
role, a user of another organisation, the SSR coordinator and the anonymous
visitor, with the status each must get.

The URLs come from the URL configuration (`get_resolver()`, the API router and
the admin included), so a new URL is in the walk without anyone adding it; a URL
name without an entry in MATRIX fails the test with "add it to the matrix".

The table
---------
MATRIX maps a URL name (with its namespace, as `reverse` takes it) to a row, one
line per URL; adding a URL is adding its line::

    "cases:detail": ("pk=public", LOGGED_IN, GET_ONLY),
    "cases:edit": ("pk=public", "L 200 200 200 200 403 403 200", "L - - - - 403 403 -"),

1. How its parameters are filled: `param=sample` pairs, each sample an attribute
   of Sample below (`public` is Huddinge's public case KS 2023/239 with a secret
   anbud, `secret` its secret case KS 2023/238, `fresh` the case in drafting
   KS 2023/237, `malbild` the dispatched KS 2023/236, `meeting` the adjusted
   meeting that decided 238 and 239, `coming` Huddinge's coming meeting,
   `vision`, `goal`, `notice`, ...), a number, or a slug as it stands. A
   parameter not named is filled from DEFAULTS. A `?query` is added to the URL.
2. The status of a GET for each viewer, in the order of VIEWERS: anonymous,
   handläggare, kommundirektör, nämndsekreterare, registrator (these four of
   Huddinge, the organisation of the cases), SSR-samordnare, Botkyrka's
   handläggare (another organisation), staff (the IT department's superuser).
   `L` is a redirect to the login page; a number is the status. The constants
   (EVERYONE, LOGGED_IN, OWN_ORGANISATION, ...) are the common rows.
3. The status of a POST (no data; the test client needs no CSRF token) in the
   same order, or `-` for a viewer who may POST there (not tried: it would change
   the data). Every other POST must change nothing (each is made in a savepoint
   and the rows written are counted) and be `L`, 401, 403, 404 or 405, never a
   2xx and never a 500; a 400 or 409 (the input or the state refused before the
   check of who asks) changes nothing either but is a row to mend
   (REFUSED_INPUT_OR_STATE). GET_ONLY and NO_POST are the 405 of pages
   without POST (for the anonymous visitor after the login).

To see what every URL answers now (for a new row), run the test with
SSR_MATRIX_PRINT=1 and -s: it prints each row as it found it (`*` marks a POST
that wrote) instead of comparing.

A URL name may have more rows, each for other data: `"cases:detail@secret"` is
the same URL for the secret case. The format-suffix variants of the API router
(`/api/cases.json`) are asked like their plain URL and must answer alike.

The admin is covered as a whole: every /admin/ URL sends the anonymous visitor
and a logged-in official who is not staff to the admin's login, and answers the
staff without a server error.
"""

import io
import os

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from pypdf import PdfWriter

from cases.models import (
    ChangeProposal,
    Dispatch,
    Recipient,
    Signatory,
)
from cases.models.documents import CaseReference
from members import middleware as session_middleware
from members.models import Board, Notification, NotificationKind, Population, User
from ssr_portal.demo import load_demo
from ssr_portal.models import WorkerHeartbeat
from targets.models import Activation, Evidence, Goal, GoalFollowUp, VisionDocument
from targets.services import evidence_add
from tests.helpers import login_verified, url_patterns
from tests.secrecy_fixtures import advance_secret_cases

pytestmark = pytest.mark.django_db

# Who asks (the column order of the table), with their usernames in the demo.
VIEWERS = {
    "anonymous": None,
    "handlaggare": "handlaggare",
    "kommundirektor": "kommundirektor",
    "namndsekreterare": "sekreterare",
    "registrator": "registrator",
    "ssr_samordnare": "samordnare",
    "other_organisation": "handlaggare-botkyrka",
    "staff": "admin",
}
LOGIN = "L"
ALLOWED = "-"
# A refused POST: to the login, unauthenticated (API), forbidden, not found or
# not allowed. Never a success, never a server error.
REFUSED = {LOGIN, "401", "403", "404", "405"}
# What someone who may do it gets for a POST without its data (400) or one the
# state refuses (409, e.g. approving a case not submitted): nothing changes
# (the test checks). Never what others get: they are refused before their input
# is read.
REFUSED_INPUT_OR_STATE = {"400", "409"}
# Rows that many URLs share.
EVERYONE = "200 200 200 200 200 200 200 200"
LOGGED_IN = "L 200 200 200 200 200 200 200"
# A secret case: its own organisation's people (and the staff) only; others get
# the 404 of a case they may not know of.
OWN_ORGANISATION = "L 200 200 200 200 404 404 200"
API_OWN_ORGANISATION = "404 200 200 200 200 404 404 200"
ANYONE = "- - - - - - - -"
NOT_FOUND = "404 404 404 404 404 404 404 404"
GET_ONLY = "L 405 405 405 405 405 405 405"
NO_POST = "405 405 405 405 405 405 405 405"
API_READ_ONLY = "403 405 405 405 405 405 405 405"

MATRIX: dict[str, tuple[str, str, str]] = {
    "home": ("", EVERYONE, NO_POST),
    "healthz": ("", EVERYONE, NO_POST),
    "readyz": ("", EVERYONE, NO_POST),
    "logo": ("name=logo", "404 404 404 404 404 404 404 404", NO_POST),
    "accessibility": ("", EVERYONE, NO_POST),
    "search": ("?q=Målbild", LOGGED_IN, GET_ONLY),
    "public-search": ("?q=beredskapen", EVERYONE, NO_POST),
    "login": ("", EVERYONE, ANYONE),
    "logout": ("", NO_POST, ANYONE),
    # Single sign-on is off unless configured (SSR_OIDC_*): not found for anyone.
    # tests/members/test_sso.py tries it switched on, against a provider.
    # One's own account (members/account_views.py). The viewers have their
    # authenticator app (the setup leads to the code page).
    "account:notifications": ("", LOGGED_IN, GET_ONLY),
    "account:notifications-read-all": ("", GET_ONLY, "L - - - - - - -"),
    "account:notification-read": (
        "pk=notification",
        GET_ONLY,
        "L - 404 404 404 404 404 404",
    ),
    "account:notification-preferences": ("", LOGGED_IN, "L - - - - - - -"),
    "account:password": ("", "L 200 200 200 200 200 200 200", "L - - - - - - -"),
    "account:two-factor": ("", "L 200 200 200 200 200 200 200", "L - - - - - - -"),
    "account:two-factor-setup": (
        "",
        "L 302 302 302 302 302 302 302",
        "L - - - - - - -",
    ),
    "account:recovery-codes": ("", "L 302 302 302 302 302 302 302", "L - - - - - - -"),
    # The admin's login is the portal's (lockout, two-factor code).
    "admin-login": ("", "L L L L L L L L", ANYONE),
    "oidc_authentication_init": ("", NOT_FOUND, NOT_FOUND),
    "oidc_authentication_callback": ("", NOT_FOUND, NOT_FOUND),
    "set_language": ("", "302 302 302 302 302 302 302 302", ANYONE),
    "members:list": ("", EVERYONE, NO_POST),
    "members:chefsgrupp": ("", EVERYONE, NO_POST),
    "members:costs": ("", LOGGED_IN, GET_ONLY),
    "members:costs-csv": ("?year=2017&total=1000000", LOGGED_IN, GET_ONLY),
    "members:population-import": (
        "",
        "L 403 403 403 403 200 403 403",
        "L - - - - - - -",
    ),
    "members:population-import-confirm": (
        "",
        "L 405 405 405 405 405 405 405",
        "L 403 403 403 403 - 403 403",
    ),
    "members:cost-key": (
        "",
        "L 403 403 403 403 200 403 403",
        "L 403 403 403 403 - 403 403",
    ),
    "members:detail": ("slug=huddinge", EVERYONE, NO_POST),
    "cases:list": ("", LOGGED_IN, GET_ONLY),
    "cases:register": ("", "L 200 200 200 200 403 200 200", "L - - - - 403 - -"),
    "cases:detail": ("pk=public", LOGGED_IN, GET_ONLY),
    "cases:detail@secret": ("pk=secret", OWN_ORGANISATION, GET_ONLY),
    "cases:detail@other_organisation": (
        "pk=botkyrka_case",
        "L 404 404 404 404 404 200 200",
        GET_ONLY,
    ),
    "cases:edit": ("pk=public", "L 200 200 200 200 403 403 200", "L - - - - 403 403 -"),
    "cases:register-document": (
        "pk=public",
        "L 200 200 200 200 403 403 200",
        "L - - - - 403 403 -",
    ),
    "cases:document-pdf": ("pk=public", LOGGED_IN, GET_ONLY),
    "cases:document-pdf@secret": ("pk=secret", OWN_ORGANISATION, GET_ONLY),
    "cases:handlingar-pdf": ("pk=public", LOGGED_IN, GET_ONLY),
    "cases:handlingar-pdf@secret": ("pk=secret", OWN_ORGANISATION, GET_ONLY),
    "cases:document": ("pk=public", LOGGED_IN, GET_ONLY),
    "cases:document@secret": ("pk=secret", OWN_ORGANISATION, GET_ONLY),
    "cases:document-start": ("pk=fresh", GET_ONLY, "L - - - - 403 403 -"),
    "cases:document-edit": (
        "pk=fresh",
        "L 200 200 200 200 403 403 200",
        "L - - - - 403 403 -",
    ),
    "cases:document-preview": ("pk=fresh", GET_ONLY, "L - - - - 403 403 -"),
    "cases:document-versions": ("pk=fresh", LOGGED_IN, GET_ONLY),
    "cases:document-compare": ("pk=secret?from=1&to=2", OWN_ORGANISATION, GET_ONLY),
    "cases:document-signatory-add": ("pk=malbild", GET_ONLY, "L - - - - 403 403 -"),
    "cases:document-signatory-remove": (
        "pk=malbild item=signatory",
        GET_ONLY,
        "L 403 403 403 403 403 403 403",
    ),
    "cases:document-signatory-move": (
        "pk=malbild item=signatory",
        GET_ONLY,
        "L 400 400 400 400 403 403 400",
    ),
    "cases:document-recipient-add": ("pk=malbild", GET_ONLY, "L - - - - 403 403 -"),
    "cases:document-recipient-remove": (
        "pk=malbild item=recipient",
        GET_ONLY,
        "L 403 403 403 403 403 403 403",
    ),
    "cases:document-recipient-move": (
        "pk=malbild item=recipient",
        GET_ONLY,
        "L 400 400 400 400 403 403 400",
    ),
    "cases:document-reference-add": ("pk=malbild", GET_ONLY, "L - - - - 403 403 -"),
    "cases:document-reference-remove": (
        "pk=malbild item=reference",
        GET_ONLY,
        "L 403 403 403 403 403 403 403",
    ),
    "cases:document-submit": ("pk=fresh", GET_ONLY, "L - 403 403 403 403 403 403"),
    "cases:document-return": ("pk=fresh", GET_ONLY, "L 403 409 403 403 403 403 403"),
    "cases:document-approve": ("pk=fresh", GET_ONLY, "L 403 409 403 403 403 403 403"),
    "cases:document-reopen": ("pk=public", GET_ONLY, "L 409 403 403 403 403 403 403"),
    "cases:attachments": ("pk=public", LOGGED_IN, "L 400 400 400 400 403 403 400"),
    "cases:attachments@secret": (
        "pk=secret",
        OWN_ORGANISATION,
        "L 400 400 400 400 404 404 400",
    ),
    "cases:attachment-add-case": (
        "pk=fresh",
        GET_ONLY,
        "L 400 400 400 400 403 403 400",
    ),
    "cases:attachment-download": (
        "pk=public attachment_id=public_file",
        LOGGED_IN,
        GET_ONLY,
    ),
    "cases:attachment-download@secret": (
        "pk=secret attachment_id=secret_file",
        OWN_ORGANISATION,
        GET_ONLY,
    ),
    "cases:attachment-download@secret_report": (
        "pk=public attachment_id=secret_report",
        OWN_ORGANISATION,
        GET_ONLY,
    ),
    "cases:attachment-move": (
        "pk=public attachment_id=public_file",
        GET_ONLY,
        "L 400 400 400 400 403 403 400",
    ),
    "cases:attachment-rename": (
        "pk=public attachment_id=public_file",
        "L 200 200 200 200 403 403 200",
        "L - - - - 403 403 -",
    ),
    "cases:attachment-remove": (
        "pk=public attachment_id=public_file",
        "L 200 200 200 200 403 403 200",
        "L 403 403 403 403 403 403 403",
    ),
    "cases:document-import": (
        "pk=fresh",
        "L 200 200 200 200 403 403 200",
        "L 400 400 400 400 403 403 400",
    ),
    "cases:meetings": ("", LOGGED_IN, GET_ONLY),
    "cases:meeting-create": (
        "",
        "L 403 403 200 403 403 403 403",
        "L 403 403 - 403 403 403 403",
    ),
    "cases:meeting": ("pk=meeting", LOGGED_IN, GET_ONLY),
    "cases:meeting-edit": (
        "pk=coming",
        "L 403 403 200 403 403 403 403",
        "L 403 403 - 403 403 403 403",
    ),
    "cases:agenda-add": ("pk=coming", GET_ONLY, "L 403 403 409 403 403 403 403"),
    "cases:agenda-move": (
        "pk=meeting item=public_item",
        GET_ONLY,
        "L 403 403 409 403 403 403 403",
    ),
    "cases:agenda-remove": (
        "pk=meeting item=public_item",
        GET_ONLY,
        "L 403 403 409 403 403 403 403",
    ),
    "cases:decision-record": (
        "pk=meeting item=public_item",
        "L 403 403 409 403 403 403 403",
        "L 403 403 409 403 403 403 403",
    ),
    "cases:item-description": (
        "pk=meeting item=public_item",
        "L 403 403 409 403 403 403 403",
        "L 403 403 409 403 403 403 403",
    ),
    "cases:minutes-pdf": ("pk=meeting", LOGGED_IN, GET_ONLY),
    "cases:extract-pdf": ("pk=meeting paragraph=public_paragraph", LOGGED_IN, GET_ONLY),
    "cases:extract-pdf@secret": (
        "pk=meeting paragraph=secret_paragraph",
        OWN_ORGANISATION,
        GET_ONLY,
    ),
    "cases:justering-send": ("pk=meeting", GET_ONLY, "L 403 403 409 403 403 403 403"),
    "cases:justering-confirm": (
        "pk=meeting",
        GET_ONLY,
        "L 403 403 403 403 403 403 403",
    ),
    "cases:justering-propose": (
        "pk=meeting item=public_item",
        GET_ONLY,
        "L 403 403 403 403 403 403 403",
    ),
    "cases:justering-decide": (
        "pk=meeting proposal=proposal",
        GET_ONLY,
        "L 403 403 409 403 403 403 403",
    ),
    "cases:kallelse-pdf": ("pk=meeting", LOGGED_IN, GET_ONLY),
    "cases:kallelse-ics": ("pk=meeting", LOGGED_IN, GET_ONLY),
    "cases:kallelse-send": ("pk=coming", GET_ONLY, "L 403 403 - 403 403 403 403"),
    "cases:meeting-documents-pdf": ("pk=meeting", LOGGED_IN, GET_ONLY),
    "cases:dispatch": ("pk=public", GET_ONLY, "L 403 403 - 403 403 403 403"),
    "cases:dispatch-retry": ("pk=public", GET_ONLY, "L 403 403 - 403 403 403 403"),
    "cases:dispatch-done": (
        "pk=malbild dispatch=dispatch",
        GET_ONLY,
        "L 403 403 409 403 403 403 403",
    ),
    "cases:close": ("pk=malbild", GET_ONLY, "L 403 403 - - 403 403 403"),
    # The beredningsgång: whoever may change the case (an invalid add redirects
    # back with its message); a step of another case is not found.
    "cases:path-add": ("pk=malbild", GET_ONLY, "L - - - - 403 403 -"),
    "cases:path-move": (
        "pk=malbild step=999999",
        GET_ONLY,
        "L 404 404 404 404 403 403 404",
    ),
    "cases:path-remove": (
        "pk=malbild step=999999",
        GET_ONLY,
        "L 404 404 404 404 403 403 404",
    ),
    "diarium:list": ("", EVERYONE, NO_POST),
    "diarium:detail": ("pk=public", EVERYONE, NO_POST),
    # The public diarium does not know a secret case, whoever asks.
    "diarium:detail@secret": ("pk=secret", NOT_FOUND, NO_POST),
    "anslagstavla:list": ("", EVERYONE, NO_POST),
    "anslagstavla:detail": ("pk=notice", EVERYONE, NO_POST),
    "anslagstavla:minutes-pdf": ("pk=notice", EVERYONE, NO_POST),
    "targets:visions": ("", EVERYONE, NO_POST),
    "targets:vision": ("pk=vision", EVERYONE, NO_POST),
    "targets:document": ("pk=vision document_pk=vision_document", EVERYONE, NO_POST),
    # Huddinge has three boards (demo_path.py): an empty form asks which (400).
    "targets:create_case": ("pk=vision", GET_ONLY, "L 400 400 400 400 403 - 403"),
    "targets:approve": ("pk=vision", GET_ONLY, "L 403 409 403 403 403 403 403"),
    "targets:matrix": ("pk=vision", EVERYONE, NO_POST),
    "targets:matrix_csv": ("pk=vision", EVERYONE, NO_POST),
    "targets:mark_sent": ("pk=vision", NO_POST, "403 403 403 403 403 - 403 -"),
    "targets:member": (
        "pk=vision slug=huddinge",
        EVERYONE,
        "403 403 403 403 403 403 403 403",
    ),
    "targets:follow_up": ("pk=vision", EVERYONE, NO_POST),
    "targets:follow_up_edit": (
        "pk=vision goal_pk=goal year=2023",
        "L 403 403 403 403 200 403 200",
        "L 403 403 403 403 400 403 400",
    ),
    "targets:follow_up_pdf": ("pk=vision year=2023", EVERYONE, NO_POST),
    "targets:evidence_file": ("pk=vision evidence_pk=evidence", EVERYONE, NO_POST),
    "targets:vision_create": (
        "",
        "L 403 403 403 403 200 403 200",
        "L 403 403 403 403 - 403 -",
    ),
    "targets:vision_change": (
        "pk=vision",
        "L 403 403 403 403 200 403 200",
        "L 403 403 403 403 400 403 400",
    ),
    "targets:vision_parts": ("pk=vision", "L 403 403 403 403 200 403 200", NO_POST),
    "targets:part_add": (
        "pk=vision kind=goal",
        NO_POST,
        "L 403 403 403 403 404 403 404",
    ),
    "targets:activation_end": (
        "pk=vision item_pk=activation",
        NO_POST,
        "L 403 403 403 403 400 403 400",
    ),
    "targets:part_change": (
        "pk=vision kind=goal item_pk=goal",
        NO_POST,
        "L 403 403 403 403 404 403 404",
    ),
    "targets:part_remove": (
        "pk=vision kind=goal item_pk=goal",
        NO_POST,
        "L 403 403 403 403 404 403 404",
    ),
    "case-document": (
        "case_pk=public",
        "403 200 200 200 200 200 200 200",
        API_READ_ONLY,
    ),
    "case-document@secret": (
        "case_pk=secret",
        "403 200 200 200 200 404 404 200",
        API_READ_ONLY,
    ),
    "dispatch-done": ("pk=dispatch", API_READ_ONLY, "403 403 403 409 403 403 403 403"),
    "proposal-answer": (
        "pk=proposal",
        API_READ_ONLY,
        "403 403 403 409 403 403 403 403",
    ),
    "organisation-list": ("", EVERYONE, API_READ_ONLY),
    "organisation-detail": ("slug=huddinge", EVERYONE, API_READ_ONLY),
    "population-list": ("", EVERYONE, API_READ_ONLY),
    "population-detail": ("pk=population", EVERYONE, API_READ_ONLY),
    "board-list": ("", EVERYONE, API_READ_ONLY),
    "board-detail": ("pk=board", EVERYONE, API_READ_ONLY),
    "case-list": ("", EVERYONE, API_READ_ONLY),
    "case-detail": ("pk=public", EVERYONE, API_READ_ONLY),
    "case-detail@secret": ("pk=secret", API_OWN_ORGANISATION, API_READ_ONLY),
    "case-approve": ("pk=fresh", API_READ_ONLY, "403 403 409 403 403 403 403 403"),
    "case-close": ("pk=malbild", API_READ_ONLY, "403 403 403 - - 403 403 403"),
    "case-dispatch": ("pk=public", API_READ_ONLY, "403 403 403 - 403 403 403 403"),
    "case-reopen": ("pk=public", API_READ_ONLY, "403 400 400 400 400 403 403 400"),
    "case-return": ("pk=fresh", API_READ_ONLY, "403 400 400 400 400 403 403 400"),
    "case-submit": ("pk=fresh", API_READ_ONLY, "403 - 403 403 403 403 403 403"),
    "case-entry-list": ("case_pk=public", EVERYONE, API_READ_ONLY),
    "case-entry-list@secret": ("case_pk=secret", API_OWN_ORGANISATION, API_READ_ONLY),
    "case-entry-detail": ("case_pk=public serial=1", EVERYONE, API_READ_ONLY),
    "case-entry-detail@secret": (
        "case_pk=public serial=2",
        API_OWN_ORGANISATION,
        API_READ_ONLY,
    ),
    "meeting-list": ("", EVERYONE, "403 403 403 400 403 403 403 403"),
    "meeting-detail": ("pk=meeting", EVERYONE, API_READ_ONLY),
    "meeting-agenda": ("pk=coming", API_READ_ONLY, "403 403 403 400 403 403 403 403"),
    "meeting-agenda-decision": (
        "pk=meeting item_pk=public_item",
        API_READ_ONLY,
        "403 403 403 400 403 403 403 403",
    ),
    "meeting-agenda-move": (
        "pk=meeting item_pk=public_item",
        API_READ_ONLY,
        "403 403 403 400 403 403 403 403",
    ),
    "meeting-agenda-proposals": (
        "pk=meeting item_pk=public_item",
        API_READ_ONLY,
        "403 403 403 403 403 403 403 403",
    ),
    "meeting-agenda-remove": (
        "pk=meeting item_pk=public_item",
        API_READ_ONLY,
        "403 403 403 409 403 403 403 403",
    ),
    "meeting-confirm": ("pk=meeting", API_READ_ONLY, "403 403 403 403 403 403 403 403"),
    "meeting-send-for-justering": (
        "pk=meeting",
        API_READ_ONLY,
        "403 403 403 409 403 403 403 403",
    ),
    "notice-list": ("", EVERYONE, API_READ_ONLY),
    "notice-detail": ("pk=notice", EVERYONE, API_READ_ONLY),
    "vision-list": ("", EVERYONE, API_READ_ONLY),
    "vision-detail": ("pk=vision", EVERYONE, API_READ_ONLY),
    "vision-approve": ("pk=vision", API_READ_ONLY, "403 403 409 403 403 403 403 403"),
    "vision-case": ("pk=vision", API_READ_ONLY, "403 409 409 409 409 403 - 403"),
    "vision-follow-ups": (
        "pk=vision",
        API_READ_ONLY,
        "403 403 403 403 403 400 403 400",
    ),
    "vision-member": ("pk=vision slug=huddinge", EVERYONE, API_READ_ONLY),
    "vision-members": ("pk=vision", EVERYONE, API_READ_ONLY),
    "api-root": ("", EVERYONE, API_READ_ONLY),
    "api-schema": ("", EVERYONE, NO_POST),
    "api-docs": ("", EVERYONE, NO_POST),
}


class Sample:
    """The objects the URLs are filled with: the demo, its secret and partly
    secret case decided at an adjusted meeting (tests/secrecy_fixtures.py)."""

    def __init__(self) -> None:
        load_demo()
        data = advance_secret_cases()
        self.secret, self.public = data.secret, data.public
        self.meeting, self.notice, self.vision = data.meeting, data.notice, data.vision
        self.public_item, self.secret_item = data.public_item, data.secret_item
        self.public_paragraph = data.public_item.paragraph
        self.secret_paragraph = data.secret_item.paragraph
        self.secret_file, self.secret_report = data.secret_file, data.secret_report
        from cases.models import Case, Meeting

        self.fresh = Case.objects.get(number="KS 2023/237")
        self.malbild = Case.objects.get(number="KS 2023/236")
        self.botkyrka_case = Case.objects.get(number="KS/2023:412")
        self.coming = Meeting.objects.get(
            board__organisation__slug="huddinge", adjusted_at__isnull=True
        )
        self.public_file = self.public.document.attachments.get(source_case=None)
        self.signatory = Signatory.objects.filter(document__case=self.malbild).first()
        self.recipient = Recipient.objects.filter(case=self.malbild).first()
        self.reference = CaseReference.objects.filter(case=self.malbild).first()
        self.dispatch = Dispatch.objects.filter(case=self.malbild).first()
        self.proposal = ChangeProposal.objects.create(
            meeting=self.meeting,
            item=self.public_item,
            proposed_by=User.objects.get(username="justerare"),
            text="Rätta stavningen i beslutet.",
        )
        self.board = Board.objects.get(organisation__slug="huddinge", prefix="KS")
        # The handläggare's own notification (members.Notification).
        self.notification = Notification.objects.create(
            recipient=User.objects.get(username="handlaggare"),
            kind=NotificationKind.SUBMITTED,
            title="Ärendet väntar",
            url="/",
        )
        self.population = Population.objects.first()
        self.vision_document = VisionDocument.objects.filter(vision=self.vision).first()
        self.goal = Goal.objects.filter(vision=self.vision).first()
        self.activation = Activation.objects.first()
        self.follow_up = GoalFollowUp.objects.filter(goal__vision=self.vision).first()
        self.evidence = evidence_add(
            follow_up=self.follow_up,
            user=User.objects.get(username="samordnare"),
            kind=Evidence.Kind.FILE,
            title="Övningsrapport",
            file=SimpleUploadedFile("ovning.pdf", _pdf(), "application/pdf"),
        )
        # A task worker that is alive (/readyz); no letterhead logo (404).
        WorkerHeartbeat.objects.create(worker_id="matrix", seen_at=timezone.now())
        self.logo = "vapen.png"
        self.entry = self.public.entries.get(serial=1)

    def value(self, sample: str):
        """A sample's value in a URL: a number, a slug or a primary key."""
        if sample.isdigit():
            return int(sample)
        if not hasattr(self, sample):
            return sample  # a slug or a kind, as it stands
        found = getattr(self, sample)
        return found if isinstance(found, int | str) else found.pk


# A parameter's sample when the row names none.
DEFAULTS = {
    "format": "json",
    "slug": "huddinge",
    "year": "2023",
}


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _changes():
    """Something that moves whenever a row is written: SQLite and PostgreSQL
    count the rows written; elsewhere, a fingerprint of the portal's tables."""
    queries = {
        "sqlite": "SELECT total_changes()",
        # The rows this transaction inserted, updated and deleted so far.
        "postgresql": "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
        "FROM pg_stat_xact_user_tables",
    }
    if connection.vendor in queries:
        with connection.cursor() as cursor:
            cursor.execute(queries[connection.vendor])
            return cursor.fetchone()[0]
    return _fingerprint()


def _post(client: Client, url: str) -> tuple[str, bool]:
    """The status of a POST, and whether it wrote anything (rolled back)."""
    with transaction.atomic():
        before = _changes()
        status = _status(client.post(url))
        changed = _changes() != before
        transaction.set_rollback(True)
    return status, changed


def _fill(sample: Sample, spec: str, params: set[str]) -> tuple[dict, str]:
    spec, _, query = spec.partition("?")
    named = dict(pair.split("=", 1) for pair in spec.split())
    kwargs = {}
    for param in params:
        source = named.get(param, DEFAULTS.get(param))
        if source is None:
            raise AssertionError(f"no sample for <{param}> in {spec!r}")
        kwargs[param] = sample.value(source)
    return kwargs, f"?{query}" if query else ""


def _fingerprint() -> dict:
    """Per table of the portal's own apps: its row count and its latest change."""
    prints = {}
    for label in ("members", "cases", "targets", "ssr_portal"):
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.all()
            fields = {f.name for f in model._meta.fields}
            latest = (
                rows.aggregate(m=Max("updated_at"))["m"]
                if "updated_at" in fields
                else None
            )
            prints[model._meta.label] = (rows.count(), latest)
    return prints


def _status(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(
        (reverse("login"), "/admin/login/")
    ):
        return LOGIN
    return str(response.status_code)


def _unlisted(patterns) -> list[str]:
    """The URL names (not the admin's) that have no row in MATRIX."""
    listed = {key.split("@")[0] for key in MATRIX}
    return sorted(
        {
            f"{name} ({text}): add it to the matrix"
            for name, text, _params in url_patterns(patterns)
            if not name.startswith("admin:") and name not in listed
        }
    )


def test_every_url_has_its_row_in_the_matrix():
    """Fast, without data: a new URL fails here first, named."""
    assert _unlisted(get_resolver().url_patterns) == []


def test_a_url_without_a_row_is_named():
    from django.urls import path

    new = [path("cases/<int:pk>/shred/", lambda request, pk: None, name="shred")]
    assert _unlisted(new) == ["shred (cases/<int:pk>/shred/): add it to the matrix"]


def test_every_url_answers_every_viewer_as_the_matrix_says(monkeypatch):
    # A session writes when it was last used at most once a minute
    # (members/middleware.py); on a slow machine the walk takes minutes, and that
    # write would count as the write of whichever refused POST came next.
    monkeypatch.setattr(session_middleware, "SEEN_RESOLUTION_SECONDS", 24 * 3600)
    sample = Sample()
    clients = {}
    for viewer, username in VIEWERS.items():
        client = Client()
        if username:
            # With the second factor given, as production asks of the roles that
            # approve, adjust or mark secrecy (members/two_factor.py); what a
            # session without it is refused is tested in tests/members.
            login_verified(client, User.objects.get(username=username))
        clients[viewer] = client

    discover = os.environ.get("SSR_MATRIX_PRINT")
    if discover:
        for client in clients.values():
            client.raise_request_exception = False
    missing, wrong, changed, admin_wrong = [], [], [], []
    seen_rows = set()
    for name, text, params in url_patterns():
        if name.startswith("admin:"):
            admin_wrong += _admin(clients, name, params)
            continue
        rows = {k: v for k, v in MATRIX.items() if k.split("@")[0] == name}
        if not rows:
            missing.append(f"{name} ({text}): add it to the matrix")
            continue
        for key, (spec, get, post) in rows.items():
            seen_rows.add(key)
            kwargs, query = _fill(sample, spec, params)
            url = reverse(name, kwargs=kwargs) + query
            got = " ".join(_status(clients[v].get(url)) for v in VIEWERS)
            expected_post = post.split() if post else ["?"] * len(VIEWERS)
            posted = []
            for viewer, expected in zip(VIEWERS, expected_post, strict=True):
                if expected == ALLOWED:
                    posted.append(ALLOWED)
                    continue
                status, wrote = _post(clients[viewer], url)
                posted.append(status + ("*" if wrote and discover else ""))
                if wrote and not discover:
                    changed.append(f"{key} {url}: {viewer}'s refused POST changed data")
            posted = " ".join(posted)
            if discover:
                print(f'    "{key}": ("{spec}", "{got}", "{posted}"),')
                continue
            if got != get:
                wrong.append(f"{key} {url} GET: {got}, the matrix says {get}")
            if posted != post:
                wrong.append(f"{key} {url} POST: {posted}, the matrix says {post}")
            refused = [
                s
                for s in posted.split()
                if s not in REFUSED | REFUSED_INPUT_OR_STATE | {ALLOWED}
            ]
            if refused:
                wrong.append(f"{key} {url} POST: {refused} is no refusal")
    if discover:
        print("\n".join(admin_wrong))
    stale = set(MATRIX) - seen_rows
    assert missing == []
    assert stale == set(), "rows for URLs that are gone"
    assert wrong == [], "\n".join(wrong)
    assert changed == []
    assert admin_wrong == []


# The admin's pages for anyone: its login and logout, and "view on site", which sends the
# visitor on to the object's own page (whose own rules apply there).
ADMIN_OPEN = {"admin:login", "admin:logout", "admin:view_on_site"}


def _admin(clients, name, params) -> list[str]:
    """Every admin URL: the visitor and a non-staff official go to the admin's
    login (GET and POST); the staff get no server error."""
    wrong = []
    if name in ADMIN_OPEN:
        return wrong
    kwargs = {}
    for param in params:
        if param == "app_label":
            kwargs[param] = "cases"
        elif param in ("object_id", "id") or param == "content_type_id":
            kwargs[param] = "1"
        else:
            kwargs[param] = "x"
    try:
        url = reverse(name, kwargs=kwargs)
    except Exception:  # a pattern whose parameters take other shapes
        return []
    for viewer in ("anonymous", "handlaggare"):
        for method in ("get", "post"):
            status = _status(getattr(clients[viewer], method)(url))
            if status != LOGIN:
                wrong.append(f"{name} {url} {method} {viewer}: {status}")
    status = clients["staff"].get(url).status_code
    if status >= 500:
        wrong.append(f"{url} staff: {status}")
    return wrong


def test_a_post_that_writes_is_seen(alice):
    """The check the matrix relies on: a POST that writes a row (here the
    logout, which deletes the session) is seen, and rolled back."""
    client = Client()
    client.force_login(alice)
    _status, wrote = _post(client, reverse("logout"))
    assert wrote
    _status, wrote = _post(Client(), reverse("diarium:list"))
    assert not wrote
