"""follow_up pages (to be built)."""

urlpatterns: list = []
