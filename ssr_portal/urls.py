from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from members import account_views
from members.oidc import PortalLogoutView, PortalOIDCCallbackView, PortalOIDCLoginView

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
    # Cases, documents, decisions and meetings, as far as the user may see them.
    path("sok/", views.search_page, name="search"),
    # The portal's login: lockout (django-axes) and the two-factor code
    # (members/account_views.py).
    path("login/", account_views.PortalLoginView.as_view(), name="login"),
    path("logout/", PortalLogoutView.as_view(), name="logout"),
    # Single sign-on (members/oidc.py): 404 while SSR_OIDC_CLIENT_ID is unset. The
    # provider's redirect URI is <SSR_SITE_URL>/login/sso/callback/.
    path("login/sso/", PortalOIDCLoginView.as_view(), name="oidc_authentication_init"),
    path(
        "login/sso/callback/",
        PortalOIDCCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path("account/", include("members.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("members/", include("members.urls")),
    path("cases/", include("cases.urls")),
    path("diarium/sok/", views.public_search, name="public-search"),
    path("diarium/", include("cases.public_urls")),
    path("anslagstavla/", include("cases.anslag_urls")),
    path("malbild/", include("targets.urls")),
    path("api/", include("ssr_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its init script from ?script, not inline, and the
        # template keeps its styles in a static file: the CSP allows neither inline.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    # The admin logs in through the portal's login (lockout, two-factor code).
    path("admin/login/", account_views.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
]

# The database being away is a 503, wherever it shows (ssr_portal/unavailable.py).
handler400 = "ssr_portal.views.bad_request"
handler404 = "ssr_portal.views.page_not_found"
handler500 = "ssr_portal.views.server_error"
