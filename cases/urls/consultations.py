"""URLs of a case's beredningsgång (/cases/<pk>/path/…)."""

from django.urls import path

from ..views import consultations as views

urlpatterns = [
    path("<int:pk>/path/add/", views.consultation_add, name="path-add"),
    path("<int:pk>/path/<int:step>/move/", views.consultation_move, name="path-move"),
    path(
        "<int:pk>/path/<int:step>/remove/",
        views.consultation_remove,
        name="path-remove",
    ),
]
