"""matrix pages (to be built)."""

urlpatterns: list = []
