"""The målbild in the admin, for the IT department and the SSR coordinator's
corrections. Every page shows the history (simple-history); the period rules and
the other row rules come from the models' `clean()`, so the admin gives the same
messages as the pages. The steps that have a service (a member's approval, its
case, a linked case's decision) are taken on the pages; here their results are
shown read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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


class HistoryUserInlinesMixin:
    """Record the admin user in the history of the rows saved through inlines
    too, deleted ones included (SimpleHistoryAdmin does it only for the page's own
    object)."""

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._history_user = request.user
        super().save_formset(request, form, formset, change)


class VisionVersionInline(admin.TabularInline):
    model = VisionVersion
    extra = 0
    fields = ["number", "kind", "date", "decided_by", "note"]


class FoundationInline(admin.TabularInline):
    model = Foundation
    extra = 0
    fields = ["position", "title", "text"]


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["position", "title", "ambition"]
    show_change_link = True


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "goal", "due_date", "status", "done_date"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the goals of the vision on the page.
        if db_field.name == "goal":
            vision_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Goal.objects.filter(vision_id=vision_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VisionDocumentInline(admin.TabularInline):
    model = VisionDocument
    extra = 0
    fields = ["position", "title", "file", "original_name", "content_type", "size"]


@admin.register(Vision)
class VisionAdmin(HistoryUserInlinesMixin, SimpleHistoryAdmin):
    list_display = ["title", "start_year", "end_year", "updated_at"]
    search_fields = ["title", "aim"]
    fields = ["title", "start_year", "end_year", "aim", "description"]
    inlines = [
        VisionVersionInline,
        FoundationInline,
        GoalInline,
        MilestoneInline,
        VisionDocumentInline,
    ]


@admin.register(Activation)
class ActivationAdmin(SimpleHistoryAdmin):
    list_display = ["started_on", "ended_on", "level", "reason", "requested_by"]
    list_filter = ["level"]
    search_fields = ["reason", "requested_by"]
    date_hierarchy = "started_on"


@admin.register(MemberApproval)
class MemberApprovalAdmin(SimpleHistoryAdmin):
    list_display = [
        "organisation",
        "status_display",
        "case_display",
        "approved_on",
        "decision_date",
        "vision",
    ]
    list_filter = ["vision", "organisation__kind", "decision_kind"]
    list_select_related = ["organisation", "vision", "case"]
    search_fields = ["organisation__name", "case_number", "case__number"]
    raw_id_fields = ["case"]
    # Written by member_approve and by the linked case's steps (the cases hooks, cases/hooks.py):
    # who approved with their own login, and the decision in the portal.
    readonly_fields = ["approved_at", "approved_by", "decision"]

    @admin.display(description=_("status"))
    def status_display(self, approval: MemberApproval) -> str:
        return approval.get_status_display()

    @admin.display(description=_("case number"))
    def case_display(self, approval: MemberApproval) -> str:
        return approval.number


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", "title", "url", "case", "file"]
    raw_id_fields = ["case"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"  # as the follow-up page's form
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(GoalFollowUp)
class GoalFollowUpAdmin(HistoryUserInlinesMixin, SimpleHistoryAdmin):
    list_display = ["goal", "year", "status", "recorded_by", "updated_at"]
    list_filter = ["goal__vision", "year", "status"]
    list_select_related = ["goal", "recorded_by"]
    search_fields = ["goal__title", "comment"]
    fields = ["goal", "year", "status", "comment", "recorded_by"]
    readonly_fields = ["recorded_by"]
    inlines = [EvidenceInline]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
