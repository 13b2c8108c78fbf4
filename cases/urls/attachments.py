"""URLs of a case's attachments and of "Start from Word" (/cases/<pk>/…)."""

from django.urls import path

from ..views import attachments as views

# /cases/<pk>/attachments/…
urlpatterns = [
    path("<int:pk>/attachments/", views.attachment_list, name="attachments"),
    path(
        "<int:pk>/attachments/case-document/",
        views.attachment_add_case,
        name="attachment-add-case",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment-download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/move/",
        views.attachment_move,
        name="attachment-move",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/rename/",
        views.attachment_rename,
        name="attachment-rename",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/remove/",
        views.attachment_remove,
        name="attachment-remove",
    ),
    # /cases/<pk>/document/import/: the editor links here ("Start from Word").
    path("<int:pk>/document/import/", views.document_import, name="document-import"),
]
