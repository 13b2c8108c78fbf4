"""URLs of the dispatch of a case's decision and its closing (/cases/<pk>/…)."""

from django.urls import path

from ..views import dispatch as views

urlpatterns = [
    path("<int:pk>/dispatch/", views.decision_dispatch, name="dispatch"),
    path("<int:pk>/dispatch/retry/", views.dispatch_retry, name="dispatch-retry"),
    path(
        "<int:pk>/dispatch/<int:dispatch>/done/",
        views.dispatch_done,
        name="dispatch-done",
    ),
    path("<int:pk>/close/", views.case_close, name="close"),
]
