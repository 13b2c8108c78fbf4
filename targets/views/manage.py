"""The SSR coordinator's pages to keep the vision (to be built)."""

urlpatterns: list = []
