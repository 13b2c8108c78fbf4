"""URLs of the meetings, their agendas and decisions (/cases/meetings/…)."""

from django.urls import path

from ..views import meetings as views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
]

# /cases/meetings/<pk>/…
meeting_patterns = [
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_add, name="agenda-add"),
    path(
        "meetings/<int:pk>/agenda/<int:item>/move/",
        views.agenda_move,
        name="agenda-move",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/remove/",
        views.agenda_remove,
        name="agenda-remove",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/decision/",
        views.decision_record,
        name="decision-record",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item>/description/",
        views.item_description,
        name="item-description",
    ),
]

urlpatterns += meeting_patterns
