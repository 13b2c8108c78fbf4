"""The REST API under /api/: one router, each app registers its viewsets."""

from rest_framework.routers import DefaultRouter

from cases.api import CaseViewSet, JournalEntryViewSet
from members.api import BoardViewSet, OrganisationViewSet, PopulationViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("populations", PopulationViewSet, basename="population")
router.register("boards", BoardViewSet, basename="board")
router.register("cases", CaseViewSet, basename="case")
# Nested: /api/cases/<id>/entries/ and /api/cases/<id>/entries/<serial>/.
router.register(
    r"cases/(?P<case_pk>[^/.]+)/entries", JournalEntryViewSet, basename="case-entry"
)

urlpatterns = router.urls
