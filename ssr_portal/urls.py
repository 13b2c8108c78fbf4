from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from members import account_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    # Liveness and readiness, for load balancers and monitoring (README "Drift").
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    # The letterhead logos, the only stored files with an address of their own.
    path("logos/<str:name>", views.logo, name="logo"),
    # The accessibility statement that DOS-lagen (2018:1937) requires.
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("login/", account_views.PortalLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("members.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("members/", include("members.urls")),
    path("cases/", include("cases.urls")),
    path("diarium/", include("cases.public_urls")),
    path("anslagstavla/", include("cases.anslag_urls")),
    path("malbild/", include("targets.urls")),
    path("api/", include("ssr_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    # The admin logs in through the portal's login (lockout, two-factor code).
    path("admin/login/", account_views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
]

# The database being away is a 503, wherever it shows (ssr_portal/unavailable.py).
handler500 = "ssr_portal.views.server_error"
