from django.urls import path

from . import account_views

app_name = "account"

# /account/…
urlpatterns = [
    path("two-factor/", account_views.two_factor_verify, name="two-factor"),
    path("two-factor/setup/", account_views.two_factor_setup, name="two-factor-setup"),
    path(
        "two-factor/recovery-codes/",
        account_views.recovery_codes,
        name="recovery-codes",
    ),
    path(
        "password/",
        account_views.PortalPasswordChangeView.as_view(),
        name="password",
    ),
]
