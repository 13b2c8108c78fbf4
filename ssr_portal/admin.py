"""The background work in the admin, for the IT department: every task with its
status, attempts, workers and the traceback of its last failure; failed tasks can
be run again; the workers that are running, with their last heartbeat."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .models import PeriodicRun, WorkerHeartbeat

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "status",
        "attempts",
        "enqueued_at",
        "run_after_display",
        "finished_at",
        "last_error",
    )
    list_filter = ("status", "queue_name")
    search_fields = ("task_path", "id")
    actions = ["run_again"]

    def has_change_permission(self, request, obj=None) -> bool:
        # The action needs it; every field stays read-only (get_readonly_fields).
        return request.user.is_superuser

    @admin.display(description=_("attempts"))
    def attempts(self, obj: DBTaskResult) -> int:
        return len(obj.worker_ids)

    @admin.display(description=_("run after"), ordering="run_after")
    def run_after_display(self, obj: DBTaskResult):
        return self.display_run_after(obj)

    @admin.display(description=_("last error"))
    def last_error(self, obj: DBTaskResult) -> str:
        if not obj.exception_class_path:
            return "–"
        return format_html("<code>{}</code>", obj.exception_class_path)

    @admin.action(description=_("Run the selected failed tasks again now"))
    def run_again(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.filter(status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d task will run again.",
                "%(count)d tasks will run again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("worker_id", "hostname", "pid", "started_at", "seen_at")
    readonly_fields = list_display

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ("job", "slot", "created_at")
    list_filter = ("job",)
    readonly_fields = list_display

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
