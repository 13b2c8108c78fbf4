from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ApprovalEvent,
    Case,
    Document,
    DocumentTemplate,
    JournalEntry,
    Section,
    SectionTemplate,
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
    readonly_fields = ["board", "year", "serial", "number", "status"]
    inlines = [JournalEntryInline, ApprovalEventInline]

    def has_add_permission(self, request):
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
    readonly_fields = ["case", "version", "revision", "pdf", "pdf_key"]
    fields = ["case", "template", "title", "document_date", *readonly_fields[1:]]
    inlines = [SectionInline]

    def has_add_permission(self, request):
        return False
