"""URLs of a meeting's kallelse and meeting documents (/cases/meetings/<pk>/…)."""

from django.urls import path

from ..views import kallelse as views

urlpatterns = [
    path(
        "meetings/<int:pk>/kallelse.pdf",
        views.kallelse_download,
        name="kallelse-pdf",
    ),
    path(
        "meetings/<int:pk>/kallelse.ics",
        views.kallelse_ics_download,
        name="kallelse-ics",
    ),
    path(
        "meetings/<int:pk>/kallelse/send/",
        views.kallelse_send_view,
        name="kallelse-send",
    ),
    path(
        "meetings/<int:pk>/handlingar.pdf",
        views.meeting_documents_download,
        name="meeting-documents-pdf",
    ),
]
