"""The public diarium (postlista) at /diarium/: no login."""

from django.urls import path

from . import views

app_name = "diarium"

urlpatterns = [
    path("", views.public_diarium, name="list"),
    path("<int:pk>/", views.public_case, name="detail"),
]
