"""The base layout, the start page, logging in and out, and the error pages.

The portal is Swedish unless the person chose English with the language switch
(tests/ssr_portal/test_language.py); these tests assert the Swedish words a user
sees, from locale/sv and from Django's own catalogue ("Användarnamn", …).
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.views import defaults
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from cases.models import Case
from ssr_portal import views
from tests.factories import CaseFactory
from tests.helpers import use_language


def _assert_layout(html: str, language: str) -> None:
    """The frame every page shares: language, skip link first, landmarks."""
    assert f'<html lang="{language}"' in html
    body = html[html.index("<body") :]
    first_link = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body)
    assert first_link is not None and 'class="ds-skip-link" href="#main"' in (
        first_link.group(0)
    )
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert re.search(r'<nav class="site-nav" aria-label="[^"]+"', html)


def test_home_renders_in_swedish_by_default(client, db):
    response = client.get(reverse("home"))
    html = response.content.decode()
    _assert_layout(html, "sv")
    assertContains(response, "<title>Start – SSR-portalen</title>")
    assertContains(response, "Hoppa till huvudinnehållet")
    assertContains(response, f'href="{reverse("login")}">Logga in</a>')
    assertContains(response, '<nav class="site-nav" aria-label="Huvudmeny">')
    assertContains(response, "Läs utan att logga in")
    assertContains(response, "För medlemmarnas tjänstepersoner")


def test_home_renders_in_english_when_the_person_chose_it(client, db):
    use_language(client, "en")
    response = client.get(reverse("home"))
    _assert_layout(response.content.decode(), "en")
    assertContains(response, "Skip to main content")
    assertContains(response, "Log in")


def test_language_cookie_beats_the_browser(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9")
    assertContains(response, '<html lang="en"')


def test_language_form_posts_to_set_language_and_returns_to_the_page(client, db):
    response = client.get(reverse("diarium:list"))
    assertContains(response, f'action="{reverse("set_language")}" method="post"')
    assertContains(response, 'name="language" value="en" lang="en"')
    assertContains(
        response, f'name="next" type="hidden" value="{reverse("diarium:list")}"'
    )

    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("diarium:list")},
    )
    assertRedirects(response, reverse("diarium:list"), fetch_redirect_response=False)
    assertContains(client.get(reverse("diarium:list")), '<html lang="en"')


def test_home_for_anonymous_explains_the_portal_and_links_public_pages(client, db):
    use_language(client, "en")
    response = client.get(reverse("home"))
    assertContains(response, "Samverkan Stockholmsregionen")
    assertContains(response, f'href="{reverse("diarium:list")}"')
    assertContains(response, f'href="{reverse("members:list")}"')
    assertNotContains(response, f'href="{reverse("cases:list")}"')
    assertNotContains(response, "Log out")


def test_home_lists_the_users_open_cases_and_not_closed_or_others(
    client, alice, charlie, ks
):
    CaseFactory(board=ks, serial=236, handler=alice, title="Målbild SSR")
    CaseFactory(board=ks, serial=195, handler=alice, status=Case.Status.CLOSED)
    CaseFactory(board=ks, serial=300, handler=charlie)
    client.force_login(alice)
    use_language(client, "en")

    response = client.get(reverse("home"))

    assertContains(response, "KS 2023/236")
    assertContains(response, "Målbild SSR")
    assertNotContains(response, "KS 2023/195")
    assertNotContains(response, "KS 2023/300")
    assertContains(response, "Huddinge kommun")  # the header names the organisation
    assertContains(response, f'action="{reverse("logout")}"')


def test_home_for_an_official_is_in_swedish(client, alice, ks):
    CaseFactory(board=ks, serial=236, handler=alice, title="Målbild SSR")
    client.force_login(alice)
    response = client.get(reverse("home"))
    assertContains(response, "<title>Start – SSR-portalen</title>")
    assertContains(response, "Välkommen, Alice</h1>")
    assertContains(
        response, f'href="{reverse("cases:register")}">Registrera ärende</a>'
    )
    assertContains(response, f'href="{reverse("cases:list")}">Alla ärenden</a>')
    assertContains(response, "Mina öppna ärenden</h2>")
    assertContains(response, "Status: Registrerat")
    assertContains(response, "Mer i portalen</h2>")
    assertContains(response, "Logga ut</button>")
    assertContains(response, '<span class="ds-sr-only">Inloggad som</span>')


def test_home_offers_registering_a_case_to_case_writers_only(client, alice, bob):
    client.force_login(alice)
    assertContains(client.get(reverse("home")), f'href="{reverse("cases:register")}"')
    client.force_login(bob)
    assertNotContains(
        client.get(reverse("home")), f'href="{reverse("cases:register")}"'
    )


def test_home_for_a_logged_in_user_keeps_its_queries_few(
    client, alice, ks, django_assert_num_queries
):
    for serial in range(1, 15):
        CaseFactory(board=ks, serial=serial, handler=alice)
    client.force_login(alice)
    # User, the user's roles, the inbox's counts and its drafts (ssr_portal/inbox.py),
    # the cases, the header's organisation.
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    # Ten cases, then a pointer to the case list (after the inbox's drafts).
    html = response.content.decode()
    my_cases = html[html.index('id="my-cases-heading"') :]
    assert my_cases.count('class="case-list__item"') == 10


def test_home_refuses_post(client, db):
    assert client.post(reverse("home")).status_code == 405


def test_messages_show_as_alerts_and_errors_are_announced_at_once(rf, db):
    request = rf.get(reverse("home"))
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    messages.error(request, "Could not save.")
    messages.success(request, "Saved.")

    html = views.home(request).content.decode()

    assert re.search(
        r'class="ds-alert" data-color="danger" role="alert">\s*<p[^>]*>Could not save\.',
        html,
    )
    assert re.search(
        r'class="ds-alert" data-color="success" role="status">\s*<p[^>]*>Saved\.', html
    )


def test_main_menu_marks_the_current_page(client, alice):
    client.force_login(alice)
    response = client.get(reverse("cases:list"))
    assertContains(
        response, f'href="{reverse("cases:list")}" aria-current="page"', count=1
    )
    assertContains(response, 'aria-current="page"', count=1)
    assertContains(response, f'href="{reverse("members:list")}"')
    assertContains(response, f'href="{reverse("members:costs")}"')


def test_main_menu_is_in_swedish(client, alice):
    client.force_login(alice)
    html = client.get(reverse("home")).content.decode()
    menu = re.search(
        r'<nav class="site-nav" aria-label="([^"]+)">(.*?)</nav>', html, re.S
    )
    assert menu is not None and menu.group(1) == "Huvudmeny"
    links = re.findall(r'<a class="site-nav__link"[^>]*>([^<]+)</a>', menu.group(2))
    assert links == [
        "Start",
        "Ärenden",
        "Sammanträden",
        "Offentligt diarium",
        "Anslagstavla",
        "Målbild",
        "Medlemmar",
        "Kostnadsfördelning",
    ]


def test_login_renders_in_swedish_with_labelled_fields(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    _assert_layout(html, "sv")
    # Labels and button text from Django's own Swedish catalogue.
    assertContains(response, '<label class="ds-label" for="id_username">Användarnamn')
    assertContains(response, '<label class="ds-label" for="id_password">Lösenord')
    assertContains(response, "Logga in")
    assertContains(response, 'autocomplete="username"')
    assertContains(response, 'autocomplete="current-password"')
    assertNotContains(response, "ds-error-summary")


def test_login_renders_in_english(client, db):
    use_language(client, "en")
    response = client.get(reverse("login"))
    _assert_layout(response.content.decode(), "en")
    assertContains(response, '<label class="ds-label" for="id_username">Username')
    assertContains(response, '<label class="ds-label" for="id_password">Password')


def test_login_with_a_wrong_password_shows_an_error_summary(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assertContains(response, 'class="ds-error-summary" tabindex="-1" autofocus')
    assertContains(response, "Inloggningen misslyckades</h2>")
    assertContains(response, "Ange ett korrekt användarnamn och lösenord")
    assertContains(response, 'value="alice"')


def test_login_with_empty_fields_marks_them_invalid(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assertContains(response, 'aria-invalid="true"', count=2)
    assertContains(response, 'href="#id_username"')
    assertContains(response, 'href="#id_password"')


def test_login_logs_in_and_goes_to_the_start_page(client, alice):
    response = client.post(
        reverse("login"), {"username": "alice", "password": "secret-password"}
    )
    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assertContains(client.get(reverse("home")), "Alice")


def test_logout_needs_post_and_returns_to_the_start_page(client, alice):
    client.force_login(alice)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert "_auth_user_id" not in client.session


def test_404_page_is_swedish(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_layout(response.content.decode(), "sv")
    assertContains(
        response,
        "<title>Sidan kunde inte hittas – SSR-portalen</title>",
        status_code=404,
    )
    assertContains(response, "Sidan kunde inte hittas</h1>", status_code=404)
    assertContains(response, "Gå till startsidan</a>", status_code=404)
    assertContains(response, "Sök i det offentliga diariet</a>", status_code=404)
    assertContains(response, f'href="{reverse("home")}"', status_code=404)


def test_404_page_in_english(client, db):
    use_language(client, "en")
    response = client.get("/no-such-page/")
    assertContains(response, "Page not found", status_code=404)


def test_403_page_offers_logging_in_to_anonymous_users(rf, db):
    request = rf.get("/cases/")
    request.user = AnonymousUser()
    with translation.override("sv"):  # what LocaleMiddleware does
        response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    _assert_layout(html, "sv")
    assert f'href="{reverse("login")}?next=/cases/"' in html
    assert "<title>Ingen behörighet – SSR-portalen</title>" in html
    assert "Du har inte behörighet till den här sidan</h1>" in html
    assert "Den här sidan är bara för inloggade användare." in html


def test_403_page_tells_a_logged_in_user_whom_to_ask(rf, alice):
    request = rf.get("/members/costs/key/")
    request.user = alice
    with translation.override("sv"):
        response = defaults.permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert "Du har inte behörighet till den här sidan</h1>" in html
    assert "Ditt konto har inte den roll som krävs för den här sidan." in html
    assert "Gå till startsidan</a>" in html


def test_500_page_renders_without_request_context_or_database(
    rf, db, django_assert_num_queries
):
    with translation.override("sv"), django_assert_num_queries(0):
        response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="sv"' in html
    assert "<title>Serverfel – SSR-portalen</title>" in html
    assert "Något gick fel</h1>" in html
    assert '<main id="main"' in html
    assert 'class="ds-skip-link" href="#main"' in html
