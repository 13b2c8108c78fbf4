"""The public anslagstavla at /anslagstavla/: no login."""

from django.urls import path

from .views import anslag as views

app_name = "anslagstavla"

urlpatterns = [
    path("", views.notice_list, name="list"),
    path("<int:pk>/", views.notice_detail, name="detail"),
    path("<int:pk>/protokoll.pdf", views.notice_minutes_pdf, name="minutes-pdf"),
]
