"""Single sign-on through OpenID Connect (mozilla-django-oidc), mapped to the
portal's users, organisations and roles. Configured from the environment
(SSR_OIDC_*, settings/base.py; README "Drift"); off while SSR_OIDC_CLIENT_ID is
unset, and then every view here is a 404 and the backend does nothing.

A login is the authorization-code flow with PKCE, state and nonce. The ID
token must be signed by the provider's key (its JWKS), issued by the configured
issuer to this client, and carry the nonce of this browser's login. The person
is then found:

1. by the provider's issuer and subject (members.models.ExternalIdentity),
   which never change while a name or an address may;
2. else, at their first login, by e-mail, when the provider vouches for the
   address (`email_verified`, or SSR_OIDC_TRUST_EMAIL); that links the two;
3. else, with SSR_OIDC_CREATE_USERS, as a new account in the organisation the
   claims name.

A login whose organisation claim names no organisation of the portal, or an
account of another organisation than the claim's, is refused with a message
on the login page; so is the portal's own account and an API token's
(members/backends.py), which never log in. Roles follow the roles claim
through SSR_OIDC_ROLE_MAP when one is configured; staff and superuser status
never come from the provider.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.views import LogoutView
from django.core.checks import Error, register
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .backends import is_a_person
from .models import ExternalIdentity, Organisation, User
from .roles import Role

logger = logging.getLogger(__name__)

# Where the backend leaves the reason of a refused login for the callback view.
REFUSAL_ATTRIBUTE = "sso_refusal"


class LoginRefused(Exception):
    """A login through the provider that the portal refuses, with the reason
    the person reads on the login page."""

    def __init__(self, message: str, *, log: str = ""):
        super().__init__(message)
        self.message = message
        self.log = log or message


def _enabled() -> bool:
    return bool(getattr(settings, "SSR_OIDC_ENABLED", False))


def _claim_values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return [part for part in str(value).replace(",", " ").split() if part]


def _organisation_from(claims: dict) -> Organisation | None:
    """The organisation the claims name, or the provider's own one
    (SSR_OIDC_ORGANISATION); None when neither says."""
    claim = settings.SSR_OIDC_ORGANISATION_CLAIM
    values = _claim_values(claims.get(claim)) if claim else []
    value = values[0] if len(values) == 1 else ""
    if len(values) > 1:
        raise LoginRefused(
            _(
                "Your account at the identity provider names more than one "
                "organisation. Contact the portal's administrator."
            ),
            log=f"organisation claim {claim!r} has several values",
        )
    if not value:
        value = settings.SSR_OIDC_ORGANISATION
        if not value:
            return None
    found = list(
        Organisation.objects.filter(
            Q(slug=value) | Q(municipality_code=value) | Q(org_number=value)
        )[:2]
    )
    if len(found) != 1:
        raise LoginRefused(
            _(
                "You could not be logged in: your organisation (%(value)s) is not "
                "a member of the portal. Contact the portal's administrator."
            )
            % {"value": value},
            log=f"organisation {value!r} matches {len(found)} organisations",
        )
    return found[0]


def _roles_from(claims: dict) -> set[str] | None:
    """The portal roles the roles claim maps to; None when no claim is set."""
    claim = settings.SSR_OIDC_ROLES_CLAIM
    if not claim:
        return None
    mapping = settings.SSR_OIDC_ROLE_MAP
    return {
        mapping[value] for value in _claim_values(claims.get(claim)) if value in mapping
    }


def _set_roles(user: User, roles: set[str]) -> None:
    portal_roles = set(Role.values)
    kept = [group for group in user.groups.all() if group.name not in portal_roles]
    wanted = [Group.objects.get_or_create(name=role)[0] for role in sorted(roles)]
    user.groups.set([*kept, *wanted])
    user.__dict__.pop("role_names", None)


def _free_username(wanted: str) -> str:
    base = "".join(c for c in wanted if c.isalnum() or c in "@.+-_")[:140] or "sso"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class PortalOIDCBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()
        if _enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        # Only the callback's call (request, nonce, code_verifier); a password
        # login passes username and password and is none of this backend's.
        if (
            not _enabled()
            or request is None
            or set(kwargs) - {"nonce", "code_verifier"}
        ):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except LoginRefused as refusal:
            logger.warning("single sign-on refused: %s", refusal.log)
            setattr(request, REFUSAL_ATTRIBUTE, refusal.message)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            # A state, nonce, signature, issuer, audience or expiry that does
            # not check out.
            logger.warning("single sign-on refused: %s", error)
            setattr(
                request,
                REFUSAL_ATTRIBUTE,
                _("The login could not be verified. Try again."),
            )
        except requests.RequestException as error:
            logger.warning("single sign-on: the provider did not answer: %s", error)
            setattr(
                request,
                REFUSAL_ATTRIBUTE,
                _(
                    "The identity provider did not answer. Try again in a while, "
                    "or log in with your password."
                ),
            )
        return None

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # The library checks the signature, expiry and nonce; the issuer and the
        # audience are ours to check (OpenID Connect Core 3.1.3.7).
        if payload.get("iss") != settings.SSR_OIDC_ISSUER:
            raise SuspiciousOperation(f"ID token of issuer {payload.get('iss')!r}")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation(f"ID token for audience {audience!r}")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation(f"ID token for party {payload.get('azp')!r}")
        if not payload.get("sub"):
            raise SuspiciousOperation("ID token without a subject")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        user_info = self.get_userinfo(access_token, id_token, payload)
        if user_info.get("sub", payload["sub"]) != payload["sub"]:
            raise SuspiciousOperation("userinfo of another subject than the ID token")
        claims = {**payload, **user_info}
        issuer, subject = payload["iss"], payload["sub"]
        with transaction.atomic():
            organisation = _organisation_from(claims)
            identity = (
                ExternalIdentity.objects.select_related("user")
                .filter(issuer=issuer, subject=subject)
                .first()
            )
            created = False
            if identity is not None:
                user = identity.user
            else:
                user = self._user_by_email(claims, issuer)
                if user is None:
                    user = self._new_user(claims, organisation)
                    created = True
            self._check(user, organisation)
            if created or settings.SSR_OIDC_UPDATE_USERS:
                self._update(user, claims)
            if identity is None:
                identity = ExternalIdentity(user=user, issuer=issuer, subject=subject)
            identity.last_login_at = timezone.now()
            identity.save()
        return user

    def _user_by_email(self, claims: dict, issuer: str) -> User | None:
        email = (claims.get("email") or "").strip()
        verified = claims.get("email_verified") in (True, "true")
        if not email or not (verified or settings.SSR_OIDC_TRUST_EMAIL):
            return None
        users = list(User.objects.filter(email__iexact=email)[:2])
        if len(users) > 1:
            raise LoginRefused(
                _(
                    "Several accounts in the portal have your e-mail address. "
                    "Contact the portal's administrator."
                ),
                log=f"several users have the address of subject {claims['sub']!r}",
            )
        if not users:
            return None
        user = users[0]
        if user.external_identities.filter(issuer=issuer).exists():
            # The address now belongs to another account at the provider than
            # the one this user logs in with: never hand the account over.
            raise LoginRefused(
                _(
                    "Your e-mail address belongs to another account in the portal. "
                    "Contact the portal's administrator."
                ),
                log=f"user {user.pk} is linked to another subject of {issuer}",
            )
        return user

    def _new_user(self, claims: dict, organisation: Organisation | None) -> User:
        if not settings.SSR_OIDC_CREATE_USERS:
            raise LoginRefused(
                _(
                    "You have no account in the portal yet. Ask the portal's "
                    "administrator for one."
                ),
                log=f"no user for subject {claims['sub']!r} and creation is off",
            )
        if organisation is None:
            raise LoginRefused(
                _(
                    "The identity provider did not say which organisation you "
                    "belong to. Contact the portal's administrator."
                ),
                log="no organisation claim for a new user",
            )
        user = User(
            username=_free_username(
                claims.get("preferred_username") or claims.get("email") or claims["sub"]
            ),
            organisation=organisation,
        )
        user.set_unusable_password()
        user.save()
        return user

    def _check(self, user: User, organisation: Organisation | None) -> None:
        if not is_a_person(user):
            raise LoginRefused(
                _("This account cannot log in."),
                log=f"user {user.pk} is the portal's own or an API token's",
            )
        if not user.is_active:
            raise LoginRefused(
                _("Your account in the portal is closed. Contact the administrator."),
                log=f"user {user.pk} is inactive",
            )
        if organisation is not None and user.organisation_id != organisation.pk:
            raise LoginRefused(
                _(
                    "Your account in the portal belongs to another organisation "
                    "than the identity provider says. Contact the portal's "
                    "administrator."
                ),
                log=f"user {user.pk} is not of organisation {organisation.pk}",
            )

    def _update(self, user: User, claims: dict) -> None:
        changed = []
        for field, claim, size in (
            ("first_name", "given_name", 150),
            ("last_name", "family_name", 150),
            ("email", "email", 254),
        ):
            value = str(claims.get(claim) or "").strip()[:size]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        roles = _roles_from(claims)
        if roles is not None:
            _set_roles(user, roles)

    def user_can_authenticate(self, user) -> bool:
        return is_a_person(user) and super().user_can_authenticate(user)

    def get_user(self, user_id):
        # The library's get_user skips user_can_authenticate; Django's does not.
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not _enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class PortalOIDCLoginView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    """Sends the browser to the provider (the "Logga in med …" button)."""


class PortalOIDCCallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back. Every failure returns to the
    login page with the reason, never a 400 or a 500."""

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # a state this browser did not start
            logger.warning("single sign-on refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        request = self.request
        message = getattr(request, REFUSAL_ATTRIBUTE, None)
        if message is None and request.GET.get("error"):
            message = _("The login at the identity provider was cancelled or refused.")
        messages.error(
            request, message or _("The login could not be verified. Try again.")
        )
        return HttpResponseRedirect(reverse("login"))


class PortalLogoutView(LogoutView):
    """Django's logout; after a single sign-on it also ends the session at the
    provider, where it has an end-session endpoint (RP-initiated logout)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        endpoint = getattr(settings, "SSR_OIDC_END_SESSION_ENDPOINT", "")
        if _enabled() and id_token and endpoint:
            query = urlencode(
                {
                    "id_token_hint": id_token,
                    "client_id": settings.OIDC_RP_CLIENT_ID,
                    "post_logout_redirect_uri": request.build_absolute_uri(
                        reverse(settings.LOGOUT_REDIRECT_URL)
                    ),
                }
            )
            separator = "&" if "?" in endpoint else "?"
            return HttpResponseRedirect(f"{endpoint}{separator}{query}")
        return response


@register("portal")
def role_map_names_portal_roles(app_configs=None, **kwargs):
    unknown = sorted(
        set(getattr(settings, "SSR_OIDC_ROLE_MAP", {}).values()) - set(Role.values)
    )
    if not unknown:
        return []
    return [
        Error(
            f"SSR_OIDC_ROLE_MAP maps to {', '.join(unknown)}, which are not roles "
            "of the portal.",
            hint=f"The roles are {', '.join(Role.values)}.",
            id="members.E001",
        )
    ]
