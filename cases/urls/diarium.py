"""URLs of the diarium: the case list, registration and a case's own pages."""

from django.urls import path

from .. import views
from ..views import pdf

urlpatterns = [
    path("", views.case_list, name="list"),
    path("register/", views.case_register, name="register"),
]

# /cases/<pk>/…
case_patterns = [
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path(
        "<int:pk>/documents/register/",
        views.journal_entry_register,
        name="register-document",
    ),
    path("<int:pk>/document.pdf", pdf.document_pdf, name="document-pdf"),
    path("<int:pk>/handlingar.pdf", pdf.handlingar_pdf, name="handlingar-pdf"),
]

urlpatterns += case_patterns
