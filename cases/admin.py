from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AgendaItem,
    ApprovalEvent,
    Case,
    ChangeProposal,
    Decision,
    DecisionStatement,
    Dispatch,
    Document,
    DocumentTemplate,
    DocumentTitle,
    JournalEntry,
    JusteringConfirmation,
    Meeting,
    MemberVote,
    Notice,
    ParagraphSeries,
    Section,
    SectionTemplate,
    Vote,
)


class JournalEntryInline(admin.TabularInline):
    """Shown, not added here: journal_entry_register gives the running number."""

    model = JournalEntry
    extra = 0
    can_delete = False
    fields = [
        "serial",
        "direction",
        "document_date",
        "received_date",
        "counterpart",
        "subject",
        "secrecy",
        "secrecy_reference",
    ]
    readonly_fields = ["serial"]

    def has_add_permission(self, request, obj=None):
        return False


class ApprovalEventInline(admin.TabularInline):
    """The approval trail, shown only: steps are taken in cases/services/workflow.py."""

    model = ApprovalEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "user", "document_version", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApprovalEvent)
class ApprovalEventAdmin(SimpleHistoryAdmin):
    """Read-only: the approval trail is part of the case record."""

    list_display = ["case", "kind", "user", "document_version", "created_at"]
    list_filter = ["kind", "case__board__organisation"]
    list_select_related = ["case", "user"]
    search_fields = ["case__number", "case__title", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = [
        "number",
        "title",
        "status",
        "secrecy",
        "handler",
        "registered_date",
    ]
    list_filter = ["board__organisation", "status", "secrecy", "year"]
    list_select_related = ["board__organisation", "handler"]
    search_fields = ["number", "title"]
    # The number is given by case_register; the admin does not hand out numbers.
    # The status moves only through the workflow's services (cases/services/workflow.py).
    # The handler is printed in the report's header: it changes through
    # case_update (which makes the stored PDF anew), not here.
    readonly_fields = ["board", "year", "serial", "number", "status", "handler"]
    inlines = [JournalEntryInline, ApprovalEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SectionTemplateInline(admin.TabularInline):
    model = SectionTemplate
    extra = 1
    fields = ["position", "title", "case_kind", "text"]


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(SimpleHistoryAdmin):
    """The IT department keeps each organisation's letterhead and default sections
    here; a change makes every stored PDF of the template render anew."""

    list_display = ["name", "organisation", "is_default", "updated_at"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    inlines = [SectionTemplateInline]


class SectionInline(admin.StackedInline):
    """Shown, not edited here: the editor keeps versions and locks."""

    model = Section
    extra = 0
    fields = ["position", "title", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["case", "title", "document_date", "version", "updated_at"]
    list_select_related = ["case"]
    search_fields = ["case__number", "title"]
    # Shown, not edited: a change here would bypass document_save (no version,
    # no lock, no refusal of a frozen report, a stale stored PDF). The editor
    # and the services change documents; deleting one would take its versions.
    fields = [
        "case",
        "template",
        "title",
        "document_date",
        "version",
        "revision",
    ]
    readonly_fields = fields
    inlines = [SectionInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Meetings and decisions: read-mostly. The agenda and the decisions are written
# only through cases/services/meetings.py (numbering, status, locks).


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AgendaItemInline(_ReadOnlyInline):
    model = AgendaItem
    fields = ["position", "paragraph", "case"]
    readonly_fields = fields


@admin.register(DocumentTitle)
class DocumentTitleAdmin(SimpleHistoryAdmin):
    """What each organisation calls its printed documents; without a row, the
    Swedish default (Tjänsteskrivelse, Protokoll, Protokollsutdrag, Kallelse)."""

    list_display = ["organisation", "kind", "title", "page_mark"]
    list_filter = ["organisation", "kind"]


@admin.register(ParagraphSeries)
class ParagraphSeriesAdmin(admin.ModelAdmin):
    """A board's §§ of a year: the first § may be set, for a board that continues
    its numbers; the last given is the portal's (minutes_send_for_justering)."""

    list_display = ["board", "year", "first_paragraph", "last_paragraph"]
    list_filter = ["board__organisation"]
    fields = ["board", "year", "first_paragraph", "last_paragraph"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["last_paragraph"]
        return ["board", "year", "last_paragraph"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    """Only the place, time and people who have no login may be corrected here,
    and only until the minutes are adjusted."""

    list_display = ["board", "meeting_date", "start_time", "place", "adjusted_at"]
    list_filter = ["board__organisation"]
    list_select_related = ["board__organisation"]
    date_hierarchy = "meeting_date"
    fields = [
        "board",
        "meeting_date",
        "start_time",
        "place",
        "chair",
        "secretary",
        "other_members_present",
        "kallelse_shows_proposals",
        "adjusted_at",
    ]
    readonly_fields = ["board", "meeting_date", "chair", "secretary", "adjusted_at"]
    inlines = [AgendaItemInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_adjusted:
            return False
        return super().has_change_permission(request, obj)


class VoteInline(_ReadOnlyInline):
    model = Vote
    fields = ["position", "option", "count"]
    readonly_fields = fields


class MemberVoteInline(_ReadOnlyInline):
    model = MemberVote
    fields = ["member", "option"]
    readonly_fields = fields


class DecisionStatementInline(_ReadOnlyInline):
    model = DecisionStatement
    fields = ["kind", "member", "member_name", "text"]
    readonly_fields = fields


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    """Read-only: a decision is part of the minutes."""

    list_display = ["item", "kind", "decided_by", "created_at"]
    list_filter = ["kind", "item__meeting__board__organisation"]
    list_select_related = ["item__case", "item__meeting__board", "decided_by"]
    search_fields = ["item__case__number", "item__case__title", "text"]
    inlines = [VoteInline, MemberVoteInline, DecisionStatementInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnly:
    """Shown to the IT department, written only by the services (a legal record)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _ReadOnlyAdmin(_ReadOnly, SimpleHistoryAdmin):
    """A legal record with its history (simple_history)."""


class _ReadOnlyPlainAdmin(_ReadOnly, admin.ModelAdmin):
    """A legal record without a history table: the admin's own history page
    (SimpleHistoryAdmin's needs one, and was a 500)."""


@admin.register(Notice)
class NoticeAdmin(_ReadOnlyPlainAdmin):
    list_display = ["meeting", "published_date", "last_appeal_date", "takedown_date"]
    list_select_related = ["meeting__board__organisation"]
    date_hierarchy = "published_date"


@admin.register(Dispatch)
class DispatchAdmin(_ReadOnlyPlainAdmin):
    list_display = ["case", "recipient_name", "method", "status", "sent_at", "by"]
    list_filter = ["method", "status"]
    list_select_related = ["case", "by"]
    search_fields = ["case__number", "recipient_name", "email"]


@admin.register(JusteringConfirmation)
class JusteringConfirmationAdmin(_ReadOnlyAdmin):
    list_display = ["meeting", "user", "role", "confirmed_at", "cleared_at"]
    list_select_related = ["meeting__board", "user"]


@admin.register(ChangeProposal)
class ChangeProposalAdmin(_ReadOnlyAdmin):
    list_display = ["meeting", "item", "proposed_by", "status"]
    list_select_related = ["meeting__board", "item__case", "proposed_by"]
