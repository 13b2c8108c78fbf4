"""The admin's import pages (issue 12 §1 and §3): a diarium's existing cases and an
organisation's klassificeringsstruktur from CSV. Mixins of the ModelAdmins in
cases/admin.py, so the pages sit under their model in the admin, with its
permissions; the import itself is a service (cases/services/diarium_import.py,
classification.py), the same that `manage.py import_diarium` and
`import_classification` call.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from members.models import Diarium

from ..forms.imports import ClassificationImportForm, DiariumImportForm
from ..services import classification, diarium_import


def _import_page(admin, request, *, form, run, **context):
    """The import page of `admin`: the form, and once a valid file is posted,
    `run(cleaned_data)`'s report (a file that cannot be read at all is the
    form's error)."""
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = run(form.cleaned_data)
        except ValidationError as error:
            form.add_error("file", error)
    return TemplateResponse(
        request,
        "admin/cases/csv_import.html",
        {
            **admin.admin_site.each_context(request),
            "opts": admin.opts,
            "form": form,
            "report": report,
            **context,
        },
    )


class DiariumImportMixin:
    """Adds /admin/members/diarium/<id>/import/ to the diarium's admin."""

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="members_diarium_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request, pk: int):
        diarium = get_object_or_404(Diarium, pk=pk)
        if not (
            self.has_change_permission(request, diarium)
            and request.user.has_perm("cases.add_case")
        ):
            raise PermissionDenied
        return _import_page(
            self,
            request,
            form=DiariumImportForm(
                request.POST or None, request.FILES or None, diarium=diarium
            ),
            run=lambda data: diarium_import.diarium_import_csv(
                diarium=diarium,
                data=data["file"].read(),
                user=request.user,
                board=data["board"],
                dry_run=data["dry_run"],
            ),
            title=_("Import cases into %(diarium)s") % {"diarium": diarium.name},
            intro=_(
                "Cases of an earlier diarium keep their numbers and registration"
                " dates; the diarium's series continues after the highest"
                " number. Nothing is saved if a row is refused."
            ),
            back_url=reverse("admin:members_diarium_change", args=[pk]),
            back_label=diarium.name,
            columns=diarium_import.COLUMN_HELP,
        )


class ClassificationImportMixin:
    """Adds /admin/cases/caseclass/import/ to the classes' admin."""

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="cases_caseclass_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        return _import_page(
            self,
            request,
            form=ClassificationImportForm(request.POST or None, request.FILES or None),
            run=lambda data: classification.case_classes_import_csv(
                organisation=data["organisation"],
                data=data["file"].read(),
                user=request.user,
                dry_run=data["dry_run"],
            ),
            title=_("Import a classification"),
            intro=_(
                "The organisation's klassificeringsstruktur: its own plan or"
                " one based on SKR's model. Classes already there take the"
                " file's name and place; nothing is removed."
            ),
            back_url=reverse("admin:cases_caseclass_changelist"),
            back_label=self.opts.verbose_name_plural.capitalize(),
            columns=classification.COLUMN_HELP,
        )
