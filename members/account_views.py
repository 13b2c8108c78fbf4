"""Logging in: the password, the two-factor code (members/two_factor.py), setting up
an authenticator app with its recovery codes, and changing one's password.

Kept apart from members/views.py, which holds the public pages of the members."""

import base64
import re

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import two_factor

RECOVERY_CODE_COUNT = 10
# The recovery codes just made, shown once on the next page and then forgotten.
RECOVERY_CODES_SESSION_KEY = "ssr_recovery_codes"


class PortalLoginView(auth_views.LoginView):
    """Django's login, then the two-factor code for the roles that give one at
    login (before the page the person was going to)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if two_factor.needs_code_at_login(user):
            self.request.session[two_factor.PENDING_SESSION_KEY] = True
            return redirect(two_factor.verify_url(self.get_success_url()))
        return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin logs in through the portal's login page (lockout, two-factor
    code), then back to the admin."""
    next_url = two_factor.safe_next(
        request, request.GET.get("next"), default=reverse("admin:index")
    )
    return redirect(reverse("login") + "?" + urlencode({"next": next_url}))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        error_messages={"required": gettext_lazy("Enter the code.")},
    )

    def clean_code(self) -> str:
        # People copy codes with spaces and dashes ("123 456", "abcd-efgh").
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).lower()


def _next(request: HttpRequest) -> str:
    return two_factor.safe_next(
        request, request.POST.get("next") or request.GET.get("next")
    )


def _with_next(name: str, next_url: str) -> str:
    return reverse(name) + "?" + urlencode({"next": next_url})


def _verified(request: HttpRequest, device) -> None:
    otp_login(request, device)
    request.session.pop(two_factor.PENDING_SESSION_KEY, None)
    # A new session key for the verified session, as for a login.
    request.session.cycle_key()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app, or a recovery code."""
    next_url = _next(request)
    if not two_factor.has_device(request.user):
        return redirect(_with_next("account:two-factor-setup", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _matching_device(request.user, form.cleaned_data["code"])
        if device is not None:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; %(count)s are left. "
                        "Each can be used once."
                    )
                    % {"count": left},
                )
            return redirect(next_url)
        form.add_error(
            "code",
            _(
                "The code is wrong or too old. Give the code your app shows now, "
                "or one of your recovery codes."
            ),
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


def _matching_device(user, code: str):
    """The device that accepts the code: the app's (six digits) or a recovery
    code (used up by this). Each device counts its failures and waits longer
    after each (django-otp's throttling), so codes cannot be guessed."""
    with transaction.atomic():
        if code.isdigit():
            devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
        else:
            devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
        for device in devices.select_for_update(of=("self",)):
            if device.verify_token(code):
                return device
    return None


def _qr_svg(url: str) -> str:
    """The otpauth URL as an SVG QR code, made here (no service outside sees
    the secret)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r' width="[^"]*" height="[^"]*"', "", svg, count=1)
    label = _("QR code for your authenticator app")
    return svg.replace(
        "<svg ",
        format_html(
            '<svg class="two-factor-qr" role="img" aria-label="{}" width="240" '
            'height="240" ',
            label,
        ),
        1,
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: its QR code and its secret as text, then a
    code from it to show that it works; then the recovery codes."""
    next_url = _next(request)
    if two_factor.has_device(request.user):
        return redirect(_with_next("account:two-factor", next_url))
    device = (
        TOTPDevice.objects.filter(user=request.user, confirmed=False)
        .order_by("pk")
        .first()
    ) or TOTPDevice.objects.create(
        user=request.user, name=_("Authenticator app"), confirmed=False
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _confirm(request.user, device)
            _verified(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(_with_next("account:recovery-codes", next_url))
        form.add_error(
            "code",
            _(
                "The code is wrong. Check that the app was set up with this page's "
                "key and give the code it shows now."
            ),
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": mark_safe(
                _qr_svg(device.config_url)
            ),  # made here, from our own URL
            "secret": _grouped(secret),
        },
        status=400 if form.errors else 200,
    )


def _confirm(user, device: TOTPDevice) -> list[str]:
    """Confirm the app and make the person's recovery codes (anew)."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        StaticDevice.objects.filter(user=user).delete()
        static = StaticDevice.objects.create(user=user, name=_("Recovery codes"))
        codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=static, token=code) for code in codes
        )
    return codes


@login_required
@require_http_methods(["GET", "HEAD"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, once, right after setting up the app."""
    next_url = _next(request)
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(next_url)
    response = render(
        request,
        "registration/recovery_codes.html",
        {"codes": codes, "next": next_url},
    )
    response["Cache-Control"] = "no-store"
    return response


class PortalPasswordChangeView(auth_views.PasswordChangeView):
    """A person changes their own password; Django's validators
    (AUTH_PASSWORD_VALIDATORS) refuse a weak one, in Swedish."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response
