"""URLs of a case's attachments (/cases/<pk>/…)."""

urlpatterns: list = []
