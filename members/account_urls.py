from django.urls import path

from . import account_views, notification_views

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
    path("notifications/", notification_views.notification_list, name="notifications"),
    path(
        "notifications/read/",
        notification_views.notification_read_all,
        name="notifications-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        notification_views.notification_read,
        name="notification-read",
    ),
    path(
        "notifications/settings/",
        notification_views.notification_preferences,
        name="notification-preferences",
    ),
]
