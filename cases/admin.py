from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, JournalEntry


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
    readonly_fields = ["board", "year", "serial", "number"]
    inlines = [JournalEntryInline]

    def has_add_permission(self, request):
        return False
