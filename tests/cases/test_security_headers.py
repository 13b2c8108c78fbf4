"""Every kind of response carries the security headers a public-sector review
asks for: a page, an API answer, a PDF download, Django's admin, Swagger UI and
an error page. The test settings are production's (asserted first), so these
are the headers production sends."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from cases.services import document_start
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The policy, directive by directive, as the browser reads it.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
# Features no page of the portal may use (nor anything it embeds).
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _directives(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value.strip()
    return directives


def assert_security_headers(response) -> None:
    url = response.request["PATH_INFO"]
    csp = response.headers.get("Content-Security-Policy", "")
    assert _directives(csp) == CSP, f"{url}: {csp!r}"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    policy = response.headers.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy.split(", "), f"{url}: {policy!r}"
    assert response.headers.get("Strict-Transport-Security") == (
        "max-age=31536000; includeSubDomains; preload"
    ), url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", url


@pytest.fixture
def https(client):
    """The test client as production's proxy forwards a request: over HTTPS (the
    only way a browser reaches the portal, and the only way HSTS is sent)."""
    client.defaults["HTTP_X_FORWARDED_PROTO"] = "https"
    return client


def test_the_test_settings_are_productions_headers_and_all():
    """The test settings change nothing that touches a header: the names they
    set over production's are these and no others."""
    source = (
        Path(settings.BASE_DIR) / "ssr_portal" / "settings" / "test.py"
    ).read_text()
    assigned = {
        target.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert assigned == {
        "PASSWORD_HASHERS",
        "EMAIL_BACKEND",
        "ALLOWED_HOSTS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "MEDIA_ROOT",
    }
    assert settings.DEBUG is False
    assert "ssr_portal.middleware.PortalCSPMiddleware" in settings.MIDDLEWARE


def test_a_page_has_every_security_header(https, alice, case):
    https.force_login(alice)
    response = https.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_start_page_for_a_visitor_has_every_security_header(https):
    response = https.get(reverse("home"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_an_api_answer_has_every_security_header(https, alice, case):
    https.force_login(alice)
    response = https.get("/api/cases/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert_security_headers(response)


def test_the_api_answers_a_browser_with_json_not_html_pages(https, alice, case):
    """Swagger UI is the API's interactive page; DRF's browsable pages (inline
    styles the policy refuses, a form for every write) are not served."""
    https.force_login(alice)
    response = https.get("/api/cases/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["number"] == case.number


def test_a_pdf_download_has_every_security_header(https, alice, case):
    document_start(case=case, user=alice)
    https.force_login(alice)
    response = https.get(reverse("cases:document-pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_security_headers(response)


def test_the_admin_has_every_security_header(https, huddinge):
    admin = UserFactory(organisation=huddinge, is_staff=True, is_superuser=True)
    assert_security_headers(https.get(reverse("admin:login")))
    https.force_login(admin)
    response = https.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_swagger_ui_and_its_script_have_every_security_header(https):
    page = https.get(reverse("api-docs"))
    assert page.status_code == 200
    assert_security_headers(page)
    html = page.content.decode()
    # No inline script or style: its init script is a file of its own.
    assert "<style" not in html
    assert "<script>" not in html
    script = https.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()
    # Nothing is sent to swagger.io's validator.
    assert '"validatorUrl": "none"' in script.content.decode()
    assert_security_headers(script)


def test_an_error_page_has_every_security_header(https):
    response = https.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_the_logout_form_may_go_on_to_the_single_sign_on_provider(client, settings):
    """With single sign-on ending the provider's session too, the logout form's
    POST is redirected to the provider: the policy's form-action allows its origin
    (a browser holds a form's redirects to it), and nothing else."""

    def directives():
        policy = client.get("/").headers["Content-Security-Policy"]
        return dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert directives()["form-action"] == "'self'"
    settings.SSR_OIDC_ENABLED = True
    settings.SSR_OIDC_END_SESSION_ENDPOINT = "https://login.huddinge.se/oidc/logout?x=1"
    found = directives()
    assert found["form-action"] == "'self' https://login.huddinge.se"
    assert found["default-src"] == "'self'"
