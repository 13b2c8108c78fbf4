from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from simple_history.admin import SimpleHistoryAdmin

from members.models import Diarium

from .models import (
    AgendaItem,
    ApprovalEvent,
    Case,
    CaseClass,
    ChangeProposal,
    Consultation,
    Decision,
    DecisionStatement,
    DiariumSeries,
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
from .views.admin_imports import ClassificationImportMixin, DiariumImportMixin


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


class ConsultationInline(admin.TabularInline):
    """The beredningsgång, shown only: set on the case page
    (cases/services/consultations.py)."""

    model = Consultation
    extra = 0
    can_delete = False
    fields = ["position", "board", "role", "item"]
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
    readonly_fields = [
        "board",
        "diarium",
        "year",
        "serial",
        "number",
        "status",
        "handler",
    ]
    autocomplete_fields = ["case_class"]
    inlines = [JournalEntryInline, ConsultationInline, ApprovalEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DiariumSeriesForm(forms.ModelForm):
    """A year's series by its next serial, as a registrator thinks of it: the
    next case of the year gets it. It may not go back below a number given."""

    next_serial = forms.IntegerField(
        label=_("next serial"),
        min_value=1,
        help_text=_("The serial the year's next case gets."),
    )

    class Meta:
        model = DiariumSeries
        fields = ["year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["next_serial"].initial = self.instance.next_serial

    def clean(self) -> dict:
        data = super().clean()
        year, next_serial = data.get("year"), data.get("next_serial")
        if year and next_serial and self.instance.diarium_id:
            taken = Case.objects.filter(
                diarium_id=self.instance.diarium_id, year=year
            ).aggregate(last=Max("serial"))["last"]
            if taken and next_serial <= taken:
                raise ValidationError(
                    {
                        "next_serial": _(
                            "%(year)s already has serials up to %(last)s: the next"
                            " must be higher."
                        )
                        % {"year": year, "last": taken}
                    }
                )
        return data

    def save(self, commit=True):
        self.instance.last_serial = self.cleaned_data["next_serial"] - 1
        return super().save(commit=commit)


class DiariumSeriesInline(admin.TabularInline):
    model = DiariumSeries
    form = DiariumSeriesForm
    extra = 0
    fields = ["year", "next_serial"]
    ordering = ["-year"]
    verbose_name = _("series of a year")
    verbose_name_plural = _("series by year (the next serial of each year)")


@admin.register(Diarium)
class DiariumAdmin(DiariumImportMixin, SimpleHistoryAdmin):
    """A diarium, its number format with a live example beside it (the script
    asks `example_view` as the administrator types) and its series by year."""

    list_display = ["name", "organisation", "prefix", "number_format", "first_serial"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "prefix", "organisation__name"]
    fields = [
        "organisation",
        "name",
        "prefix",
        "number_format",
        "example",
        "first_serial",
    ]
    readonly_fields = ["example"]
    inlines = [DiariumSeriesInline]

    class Media:
        js = ["cases/admin/diarium_example.js"]

    def get_urls(self):
        return [
            path(
                "example/",
                self.admin_site.admin_view(self.example_view),
                name="members_diarium_example",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("example"))
    def example(self, obj: Diarium | None) -> str:
        # A new diarium's example before anything is typed: the default format.
        diarium = obj or Diarium(prefix="KS")
        try:
            text, error = diarium.example_number(), ""
        except ValidationError as invalid:
            text, error = "", " ".join(invalid.messages)
        return format_html(
            '<output id="diarium-example" data-url="{}" aria-live="polite">'
            '<strong class="diarium-example-number">{}</strong>'
            ' <span class="errornote diarium-example-error"{}>{}</span></output>',
            reverse("admin:members_diarium_example"),
            text,
            "" if error else " hidden",
            error,
        )

    def example_view(self, request: HttpRequest) -> JsonResponse:
        """GET number_format, prefix, first_serial: the number the diarium would
        write today, or the message that says what is wrong with the format."""
        return _diarium_example(request, admin=self)


@require_safe
def _diarium_example(request: HttpRequest, *, admin: DiariumAdmin) -> JsonResponse:
    if not (admin.has_view_permission(request) or admin.has_add_permission(request)):
        raise PermissionDenied
    try:
        first_serial = int(request.GET.get("first_serial") or 1)
    except ValueError:
        first_serial = 1
    diarium = Diarium(
        prefix=request.GET.get("prefix", "").strip() or "KS",
        number_format=request.GET.get("number_format", ""),
        first_serial=max(first_serial, 1),
    )
    try:
        return JsonResponse({"example": diarium.example_number(), "error": ""})
    except ValidationError as invalid:
        return JsonResponse({"example": "", "error": " ".join(invalid.messages)})


@admin.register(CaseClass)
class CaseClassAdmin(ClassificationImportMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "parent", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["organisation", "parent"]
    search_fields = ["code", "name", "organisation__name"]
    autocomplete_fields = ["parent"]


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
