from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Case


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.visible_to(request.user).with_related()
    return render(request, "cases/list.html", {"cases": cases})


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(
        Case.objects.visible_to(request.user).with_related(), pk=pk
    )
    return render(request, "cases/detail.html", {"case": case})


@require_GET
def public_diarium(request: HttpRequest) -> HttpResponse:
    cases = Case.objects.public().with_related()
    return render(request, "cases/public_diarium.html", {"cases": cases})
