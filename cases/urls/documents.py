"""URLs of a case's tjänsteskrivelse (/cases/<pk>/document/…)."""

from django.urls import path

from ..views import documents as views
from ..views import editor as editor_views
from ..views import panels as panel_views
from ..views import workflow as workflow_views

# /cases/<pk>/document/…
urlpatterns = [
    path("<int:pk>/document/", views.document_detail, name="document"),
    path("<int:pk>/document/start/", views.document_start, name="document-start"),
    path("<int:pk>/document/edit/", editor_views.document_edit, name="document-edit"),
    path(
        "<int:pk>/document/preview/",
        editor_views.document_preview,
        name="document-preview",
    ),
    path(
        "<int:pk>/document/versions/",
        views.document_versions,
        name="document-versions",
    ),
    path(
        "<int:pk>/document/versions/compare/",
        views.document_compare,
        name="document-compare",
    ),
    path(
        "<int:pk>/document/signatories/add/",
        panel_views.signatory_add,
        name="document-signatory-add",
    ),
    path(
        "<int:pk>/document/signatories/<int:item>/remove/",
        panel_views.signatory_remove,
        name="document-signatory-remove",
    ),
    path(
        "<int:pk>/document/signatories/<int:item>/move/",
        panel_views.signatory_move,
        name="document-signatory-move",
    ),
    path(
        "<int:pk>/document/recipients/add/",
        panel_views.recipient_add,
        name="document-recipient-add",
    ),
    path(
        "<int:pk>/document/recipients/<int:item>/remove/",
        panel_views.recipient_remove,
        name="document-recipient-remove",
    ),
    path(
        "<int:pk>/document/recipients/<int:item>/move/",
        panel_views.recipient_move,
        name="document-recipient-move",
    ),
    path(
        "<int:pk>/document/references/add/",
        panel_views.reference_add,
        name="document-reference-add",
    ),
    path(
        "<int:pk>/document/references/<int:item>/remove/",
        panel_views.reference_remove,
        name="document-reference-remove",
    ),
    # The approval workflow (cases/services/workflow.py).
    path(
        "<int:pk>/document/submit/",
        workflow_views.case_submit,
        name="document-submit",
    ),
    path(
        "<int:pk>/document/return/",
        workflow_views.case_return,
        name="document-return",
    ),
    path(
        "<int:pk>/document/approve/",
        workflow_views.case_approve,
        name="document-approve",
    ),
    path(
        "<int:pk>/document/reopen/",
        workflow_views.case_reopen,
        name="document-reopen",
    ),
]
