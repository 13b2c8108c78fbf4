"""Single sign-on through OpenID Connect (members/oidc.py), against a real
provider that the test starts (tests/oidc_provider.py): the browser's redirects
are followed by hand, the portal's calls to the provider (token, keys,
userinfo) go over HTTP as in production."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import SESSION_KEY

from members.models import ExternalIdentity, User
from members.roles import Role
from members.tokens import api_token_create
from tests.factories import UserFactory
from tests.oidc_provider import OIDCProvider

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider():
    provider = OIDCProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def sso(provider, settings):
    """The portal configured for the provider as an IT department would: the
    organisation in the claim `kommunkod`, the roles in `groups`."""
    provider.reset()
    for name, value in provider.django_settings().items():
        setattr(settings, name, value)
    settings.SSR_OIDC_NAME = "Huddinge-konto"
    settings.SSR_OIDC_ORGANISATION_CLAIM = "kommunkod"
    settings.SSR_OIDC_ORGANISATION = ""
    settings.SSR_OIDC_ROLES_CLAIM = "groups"
    settings.SSR_OIDC_ROLE_MAP = {
        "SSR-Handlaggare": Role.OFFICIAL.value,
        "SSR-Registrator": Role.REGISTRAR.value,
    }
    settings.SSR_OIDC_CREATE_USERS = True
    settings.SSR_OIDC_UPDATE_USERS = True
    settings.SSR_OIDC_TRUST_EMAIL = False
    return provider


def person(**claims):
    return {
        "sub": "c0ffee-0001",
        "email": "eva.ek@huddinge.se",
        "email_verified": True,
        "given_name": "Eva",
        "family_name": "Ek",
        "preferred_username": "eva.ek@huddinge.se",
        "kommunkod": "0126",
        "groups": ["SSR-Handlaggare", "Alla anställda"],
        **claims,
    }


def to_provider(client, next_url=None):
    """The button: the portal sends the browser to the provider's login."""
    response = client.get("/login/sso/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    assert response["Location"].startswith(client_provider_issuer(response))
    return response["Location"]


def client_provider_issuer(response) -> str:
    url = urlsplit(response["Location"])
    return f"{url.scheme}://{url.netloc}/authorize"


def at_provider(authorize_url):
    """The provider logs the person in and sends the browser back."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/login/sso/callback/"
    return f"{back.path}?{back.query}"


def sso_login(client, **kwargs):
    return client.get(at_provider(to_provider(client)), **kwargs)


def logged_in_user(client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def page_text(response) -> str:
    return response.content.decode()


def test_without_sso_the_login_page_has_only_the_password_form(client, settings):
    settings.SSR_OIDC_ENABLED = False
    page = page_text(client.get("/login/"))
    assert "/login/sso/" not in page
    assert 'name="password"' in page
    assert client.get("/login/sso/").status_code == 404
    assert client.get("/login/sso/callback/?code=x&state=y").status_code == 404


def test_the_login_page_offers_the_provider(client, sso):
    page = page_text(client.get("/login/?next=/cases/"))
    assert "Logga in med Huddinge-konto" in page
    assert 'href="/login/sso/?next=/cases/"' in page
    assert 'name="password"' in page  # the password form stays


def test_a_first_login_creates_the_person_in_the_claimed_organisation(
    client, sso, huddinge
):
    sso.person = person()
    response = client.get(at_provider(to_provider(client, "/cases/")))
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    user = logged_in_user(client)
    assert user.organisation == huddinge
    assert (user.first_name, user.last_name, user.email) == (
        "Eva",
        "Ek",
        "eva.ek@huddinge.se",
    )
    assert user.role_names == {Role.OFFICIAL}
    assert not user.is_staff and not user.has_usable_password()
    assert client.get("/cases/").status_code == 200
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (sso.issuer, "c0ffee-0001")


def test_the_next_login_finds_the_person_by_subject_and_follows_the_claims(
    client, sso, huddinge
):
    sso.person = person()
    sso_login(client)
    first = logged_in_user(client)
    client.post("/logout/")
    sso.person = person(
        email="eva.ek-lind@huddinge.se",
        family_name="Ek Lind",
        groups=["SSR-Registrator"],
    )
    sso_login(client)
    user = logged_in_user(client)
    assert user.pk == first.pk
    assert user.last_name == "Ek Lind" and user.email == "eva.ek-lind@huddinge.se"
    assert user.role_names == {Role.REGISTRAR}
    assert User.objects.filter(organisation=huddinge).count() == 1


def test_an_existing_account_is_linked_by_a_verified_address(client, sso, alice):
    alice.email = "alice@huddinge.se"
    alice.save()
    sso.person = person(email="ALICE@huddinge.se", groups=["SSR-Handlaggare"])
    sso_login(client)
    assert logged_in_user(client) == alice
    assert ExternalIdentity.objects.get().user == alice


def test_an_unverified_address_links_nothing(client, sso, alice, settings):
    settings.SSR_OIDC_CREATE_USERS = False
    alice.email = "alice@huddinge.se"
    alice.save()
    sso.person = person(email="alice@huddinge.se", email_verified=False)
    response = sso_login(client, follow=True)
    assert logged_in_user(client) is None
    assert "Du har inget konto i portalen" in page_text(response)
    assert not ExternalIdentity.objects.exists()


def test_an_unknown_organisation_is_refused_with_a_message(client, sso, huddinge):
    sso.person = person(kommunkod="9999")
    response = sso_login(client, follow=True)
    assert response.redirect_chain[-1][0] == "/login/"
    assert logged_in_user(client) is None
    page = page_text(response)
    assert "din organisation (9999) är inte medlem i portalen" in page
    assert 'role="alert"' in page
    assert not User.objects.filter(email="eva.ek@huddinge.se").exists()


def test_an_account_of_another_organisation_is_refused(client, sso, huddinge, charlie):
    charlie.email = "charlie@botkyrka.se"
    charlie.save()
    sso.person = person(email="charlie@botkyrka.se", kommunkod="0126")
    response = sso_login(client, follow=True)
    assert logged_in_user(client) is None
    assert "tillhör en annan organisation" in page_text(response)


def test_a_bad_state_is_refused(client, sso, huddinge):
    sso.person = person()
    callback = at_provider(to_provider(client))
    url = urlsplit(callback)
    query = parse_qs(url.query)
    forged = f"{url.path}?code={query['code'][0]}&state=forged-state"
    response = client.get(forged, follow=True)
    assert response.status_code == 200
    assert logged_in_user(client) is None
    assert "Inloggningen kunde inte verifieras" in page_text(response)
    assert sso.token_requests == 0  # the code was never exchanged


def test_a_callback_from_another_browser_is_refused(client, sso, huddinge):
    from django.test import Client

    sso.person = person()
    callback = at_provider(to_provider(client))
    stranger = Client()
    response = stranger.get(callback, follow=True)
    assert response.status_code == 200
    assert stranger.session.get(SESSION_KEY) is None
    assert "Inloggningen kunde inte verifieras" in page_text(response)


def test_a_callback_is_good_once(client, sso, huddinge):
    sso.person = person()
    callback = at_provider(to_provider(client))
    client.get(callback)
    client.post("/logout/")
    response = client.get(callback, follow=True)
    assert logged_in_user(client) is None
    assert "Inloggningen kunde inte verifieras" in page_text(response)


@pytest.mark.parametrize(
    "change",
    [
        {"nonce": "another-browsers-nonce"},
        {"iss": "https://idp.example.se"},
        {"aud": "another-client"},
        {"exp": 1_000_000_000},
    ],
    ids=["nonce", "issuer", "audience", "expired"],
)
def test_an_id_token_that_does_not_check_out_is_refused(client, sso, huddinge, change):
    sso.person = person()
    sso.id_token_changes = change
    response = sso_login(client, follow=True)
    assert logged_in_user(client) is None
    assert "Inloggningen kunde inte verifieras" in page_text(response)
    assert not User.objects.filter(email="eva.ek@huddinge.se").exists()


def test_a_token_signed_with_another_key_is_refused(client, sso, huddinge):
    sso.person = person()
    sso.signing_key = OIDCProvider().key
    response = sso_login(client, follow=True)
    assert logged_in_user(client) is None
    assert "Inloggningen kunde inte verifieras" in page_text(response)


def test_the_system_account_cannot_be_reached(client, sso):
    system = User.objects.system()
    system.email = "ssr-portalen@huddinge.se"
    system.save()
    sso.person = person(email="ssr-portalen@huddinge.se", kommunkod="")
    response = sso_login(client, follow=True)
    assert logged_in_user(client) is None
    assert "Det här kontot kan inte logga in" in page_text(response)
    # Nor by a subject linked to it by hand.
    ExternalIdentity.objects.create(user=system, issuer=sso.issuer, subject="sys")
    sso.person = person(sub="sys", email="", kommunkod="")
    sso_login(client)
    assert logged_in_user(client) is None


def test_an_api_tokens_account_cannot_be_reached(client, sso, huddinge):
    row, _token = api_token_create(
        user=User.objects.system(),
        name="E-arkivet",
        organisation=huddinge,
        scope="read",
    )
    ExternalIdentity.objects.create(user=row.user, issuer=sso.issuer, subject="arkiv")
    sso.person = person(sub="arkiv")
    sso_login(client)
    assert logged_in_user(client) is None


def test_without_account_creation_a_stranger_is_refused(
    client, sso, huddinge, settings
):
    settings.SSR_OIDC_CREATE_USERS = False
    sso.person = person()
    response = sso_login(client, follow=True)
    assert logged_in_user(client) is None
    assert "Du har inget konto i portalen" in page_text(response)
    assert not User.objects.filter(email="eva.ek@huddinge.se").exists()


def test_the_provider_refusing_shows_a_message(client, sso, huddinge):
    sso.deny = True
    response = sso_login(client, follow=True)
    assert logged_in_user(client) is None
    assert "avbröts eller nekades" in page_text(response)


def test_a_provider_that_does_not_answer_shows_a_message(client, sso, settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    sso.person = person()
    response = sso_login(client, follow=True)
    assert response.status_code == 200
    assert logged_in_user(client) is None
    assert "svarade inte" in page_text(response)


def test_the_password_login_still_works_beside_it(client, sso, alice):
    response = client.post(
        "/login/", {"username": "alice", "password": "secret-password"}
    )
    assert response.status_code == 302
    assert logged_in_user(client) == alice
    # And its logout does not go to the provider.
    response = client.post("/logout/")
    assert response["Location"] == "/"
    assert sso.logouts == []


def test_logout_ends_the_session_at_the_provider(client, sso, huddinge):
    sso.person = person()
    sso_login(client)
    response = client.post("/logout/")
    assert logged_in_user(client) is None
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{sso.issuer}/logout"
    )
    query = parse_qs(location.query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert query["id_token_hint"][0].count(".") == 2
    requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert len(sso.logouts) == 1


def test_roles_are_kept_in_the_portal_without_a_roles_claim(
    client, sso, settings, huddinge
):
    settings.SSR_OIDC_ROLES_CLAIM = ""
    user = UserFactory(
        username="eva",
        email="eva.ek@huddinge.se",
        organisation=huddinge,
        roles=[Role.SECRETARY],
    )
    sso.person = person(groups=["SSR-Registrator"])
    sso_login(client)
    assert logged_in_user(client) == user
    assert User.objects.get(pk=user.pk).role_names == {Role.SECRETARY}


def test_oidc_discover_prints_the_endpoints(sso):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("oidc_discover", sso.issuer, stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert lines["SSR_OIDC_ISSUER"] == sso.issuer
    assert lines["SSR_OIDC_TOKEN_ENDPOINT"] == f"{sso.issuer}/token"
    assert lines["SSR_OIDC_END_SESSION_ENDPOINT"] == f"{sso.issuer}/logout"


def test_a_half_configured_sso_stops_the_start_with_the_missing_names():
    from tests.ssr_portal.test_settings import manage

    result = manage(
        "check",
        SSR_DEBUG="true",
        SSR_OIDC_CLIENT_ID="ssr-portal",
        SSR_OIDC_ISSUER="https://idp.example.se",
    )
    assert result.returncode != 0
    assert "SSR_OIDC_CLIENT_SECRET" in result.stderr
    assert "SSR_OIDC_TOKEN_ENDPOINT" in result.stderr


def test_a_role_map_to_no_portal_role_stops_the_start():
    from tests.ssr_portal.test_settings import manage

    result = manage("check", SSR_DEBUG="true", SSR_OIDC_ROLE_MAP="Chefer=chef")
    assert result.returncode != 0
    assert "members.E001" in result.stderr + result.stdout
