"""The målbild's pages under /malbild/: the vision (views/vision.py), the members'
matrix and timelines (views/matrix.py), the yearly follow-up (views/follow_up.py),
the SSR coordinator's pages to keep the vision (views/manage.py)."""

from .views import follow_up, manage, matrix, vision

app_name = "targets"

urlpatterns = [
    *vision.urlpatterns,
    *matrix.urlpatterns,
    *follow_up.urlpatterns,
    *manage.urlpatterns,
]
