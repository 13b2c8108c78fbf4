"""URLs of a case's documents (/cases/<pk>/…)."""

urlpatterns: list = []
