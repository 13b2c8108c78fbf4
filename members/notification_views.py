"""The user's notifications ("Notiser") and how each kind reaches them
("Inställningar för notiser"), under /account/ (members/account_urls.py). The
writes are members/services.py's; the header's count comes from
members/context_processors.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from .models import Notification, NotificationPreference
from .notification_forms import NotificationPreferencesForm
from .services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_update,
)

NOTIFICATIONS_PER_PAGE = 25


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, the unread ones marked."""
    rows = Notification.objects.filter(recipient=request.user).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(rows, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/notifications/list.html",
        {
            "page": page,
            "page_numbers": list(
                page.paginator.get_elided_page_range(
                    page.number, on_each_side=2, on_ends=1
                )
            ),
        },
    )


def _back(request: HttpRequest) -> str:
    """Back to the page of the list the user was on."""
    page = request.POST.get("page", "")
    url = reverse("account:notifications")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read; with `next` (a page of the portal) go on to it."""
    notification = get_object_or_404(
        Notification.objects.filter(recipient=request.user), pk=pk
    )
    notification_mark_read(notification=notification, user=request.user)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(_back(request))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    marked = notification_mark_all_read(user=request.user)
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back(request))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_preferences(request: HttpRequest) -> HttpResponse:
    current = dict(
        NotificationPreference.objects.filter(user=request.user).values_list(
            "kind", "delivery"
        )
    )
    form = NotificationPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        notification_preferences_update(user=request.user, deliveries=form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("account:notification-preferences")
    return render(request, "members/notifications/preferences.html", {"form": form})
