"""Models of the portal itself: the abstract base of the apps' models, and the
bookkeeping of the task workers."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """A task worker that is running (`manage.py db_worker`, ssr_portal/worker.py).

    Each worker writes its row every few seconds and removes it when it stops.
    A row not written for longer than SSR_WORKER_STALE_SECONDS is a worker that
    was killed: its running task is made ready again, and /readyz reports no
    worker when there is no fresh row."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True, default="")
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, {self.pid})"


class PeriodicRun(models.Model):
    """One run of a periodic job (ssr_portal/worker.py, PERIODIC_JOBS): the
    unique (job, slot) row is how one worker of several claims the day's run."""

    job = models.CharField(_("job"), max_length=200)
    # The period the run is for: a date ("2026-12-01") for a daily job.
    slot = models.CharField(_("period"), max_length=32)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("periodic job run")
        verbose_name_plural = _("periodic job runs")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "slot"], name="ssr_portal_periodicrun_once_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.slot}"


class CachedPdf(models.Model):
    """One generated PDF, kept so that a download whose content is unchanged reads
    the file instead of rendering with WeasyPrint again (ssr_portal/lib/pdf_cache.py).

    A cache, not part of any record: a row and its file can be deleted at any
    time, and the next download renders the PDF again."""

    # What the PDF is of: "document:12", "handlingar:7", "meeting:3:minutes",
    # "meeting:3:extract:4", "follow-up:2:2026". The newest few of a scope are kept.
    scope = models.CharField(_("scope"), max_length=200)
    # sha256 of what the PDF is rendered from (`pdf_cache_key`): equal keys, equal PDFs.
    key = models.CharField(_("PDF key"), max_length=64)
    # The name is made of the scope and the key, so that a download finds the
    # file without reading this row.
    file = models.FileField(_("stored PDF"), max_length=255)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored PDF")
        verbose_name_plural = _("stored PDFs")
        ordering = ["scope", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key"], name="ssr_portal_cachedpdf_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:12]}"
