"""vision pages (to be built)."""

urlpatterns: list = []
