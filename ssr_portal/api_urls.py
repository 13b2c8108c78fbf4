"""The REST API under /api/: one router, each app registers its viewsets."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from cases.api import (
    CaseDocumentView,
    CaseViewSet,
    DispatchDoneView,
    JournalEntryViewSet,
    MeetingViewSet,
    NoticeViewSet,
    ProposalAnswerView,
)
from members.api import BoardViewSet, OrganisationViewSet, PopulationViewSet
from targets.api import VisionViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("populations", PopulationViewSet, basename="population")
router.register("boards", BoardViewSet, basename="board")
router.register("cases", CaseViewSet, basename="case")
# Nested: /api/cases/<id>/entries/ and /api/cases/<id>/entries/<serial>/.
router.register(
    r"cases/(?P<case_pk>[^/.]+)/entries", JournalEntryViewSet, basename="case-entry"
)
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("notices", NoticeViewSet, basename="notice")
router.register("visions", VisionViewSet, basename="vision")

urlpatterns = [
    path(
        "cases/<int:case_pk>/document/",
        CaseDocumentView.as_view(),
        name="case-document",
    ),
    path(
        "dispatches/<int:pk>/done/",
        DispatchDoneView.as_view(),
        name="dispatch-done",
    ),
    path(
        "proposals/<int:pk>/answer/",
        ProposalAnswerView.as_view(),
        name="proposal-answer",
    ),
    *router.urls,
]
