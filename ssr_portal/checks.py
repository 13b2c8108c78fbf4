"""System checks of the portal's build steps (ssr_portal/lib/build.py): a process
that would serve English under lang="sv", or pages whose static files 404, says
so when it starts (`runserver`, `check`, `migrate`), instead of running."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from .lib.build import manifest_path, stale_catalogues


@register("portal")
def catalogues_compiled(app_configs=None, **kwargs):
    problems = []
    for po in stale_catalogues():
        mo = po.with_suffix(".mo")
        what = "is older than" if mo.exists() else "is missing beside"
        problems.append(
            Error(
                f"The compiled catalogue {mo} {what} {po.name}: the portal would "
                "show the English msgids instead of Swedish.",
                hint="Run `python manage.py compilemessages` (make run, make demo "
                "and make serve do).",
                id="ssr_portal.E001",
            )
        )
    return problems


@register("portal")
def static_files_collected(app_configs=None, **kwargs):
    manifest = manifest_path()
    if settings.DEBUG or manifest is None or manifest.exists():
        return []
    return [
        Warning(
            f"The static files are not collected ({manifest} is missing): with "
            "debug off every page and PDF needs them.",
            hint="Run `python manage.py collectstatic` (make serve does).",
            id="ssr_portal.W001",
        )
    ]
