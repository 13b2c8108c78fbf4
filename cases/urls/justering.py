"""URLs of the minutes and their justering (/cases/meetings/<pk>/…)."""

from django.urls import path

from ..views import justering as views

# /cases/meetings/<pk>/…
urlpatterns = [
    path("meetings/<int:pk>/protokoll.pdf", views.minutes_download, name="minutes-pdf"),
    path(
        "meetings/<int:pk>/paragraf/<int:paragraph>.pdf",
        views.extract_download,
        name="extract-pdf",
    ),
    path(
        "meetings/<int:pk>/justering/send/",
        views.send_for_justering,
        name="justering-send",
    ),
    path(
        "meetings/<int:pk>/justering/confirm/",
        views.confirm,
        name="justering-confirm",
    ),
    path(
        "meetings/<int:pk>/justering/propose/<int:item>/",
        views.propose_change,
        name="justering-propose",
    ),
    path(
        "meetings/<int:pk>/justering/proposals/<int:proposal>/",
        views.decide_proposal,
        name="justering-decide",
    ),
]
