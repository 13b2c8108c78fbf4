from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.models import Case


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    my_cases = []
    if request.user.is_authenticated:
        my_cases = list(
            Case.objects.with_related()
            .filter(handler=request.user)
            .exclude(status=Case.Status.CLOSED)[:10]
        )
    return render(request, "home.html", {"my_cases": my_cases})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
