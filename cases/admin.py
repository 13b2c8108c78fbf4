from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, JournalEntry


class JournalEntryInline(admin.TabularInline):
    model = JournalEntry
    extra = 0
    readonly_fields = ["serial"]


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
