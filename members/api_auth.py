"""`Authorization: Bearer <token>` for the API's machine clients (members/tokens.py).

A request with a token acts as the token's account, with its organisation and
roles, so the API's rules of who sees and does what apply to it as to a person.
A `read` token is refused every method but GET, HEAD and OPTIONS here, in the
authentication, not in a permission class: a view's own `permission_classes`
replace the default list, and the scope must hold whatever a view says.
"""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS

from .models import ApiToken
from .tokens import token_find

AUTH_HEADER = 'Bearer realm="api"'


class TokenRefused(exceptions.APIException):
    """401 with `WWW-Authenticate: Bearer`, whichever authentication comes first
    in the settings (DRF turns an AuthenticationFailed into a 403 unless the
    first one names a header; the session's, first, names none)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "token_refused"
    auth_header = AUTH_HEADER


class ReadOnlyToken(exceptions.PermissionDenied):
    default_code = "read_only_token"


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise TokenRefused(_("Send the token as: Authorization: Bearer <token>."))
        try:
            value = parts[1].decode("ascii")
        except UnicodeDecodeError:
            value = ""
        token = token_find(value)
        if token is None:
            raise TokenRefused(_("The API token is unknown, revoked or expired."))
        if token.scope == ApiToken.Scope.READ and request.method not in SAFE_METHODS:
            raise ReadOnlyToken(
                _(
                    "This API token may only read (scope read); writing needs a "
                    "token with scope write."
                )
            )
        return token.user, token

    def authenticate_header(self, request) -> str:
        return AUTH_HEADER


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A machine client's API token (`ssr_…`), made by an administrator "
                "in the admin or with `manage.py api_token_create`. Scope `read` "
                "allows GET only; `write` also the actions, within the roles of "
                "the token. Unknown, revoked or expired: 401."
            ),
        }
