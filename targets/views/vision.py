"""The vision's pages: the list of visions (/malbild/) and a vision's page."""

from django.shortcuts import render
from django.urls import path

from ..models import Vision


def vision_list(request):
    """Every vision of the network, newest period first (public)."""
    visions = Vision.objects.all()
    return render(request, "targets/vision_list.html", {"visions": visions})


urlpatterns = [
    path("", vision_list, name="visions"),
]
