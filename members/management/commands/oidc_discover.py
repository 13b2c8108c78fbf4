import requests
from django.core.management.base import BaseCommand, CommandError

# The portal's variable for each field of the provider's discovery document.
VARIABLES = {
    "issuer": "SSR_OIDC_ISSUER",
    "authorization_endpoint": "SSR_OIDC_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "SSR_OIDC_TOKEN_ENDPOINT",
    "userinfo_endpoint": "SSR_OIDC_USERINFO_ENDPOINT",
    "jwks_uri": "SSR_OIDC_JWKS_URI",
    "end_session_endpoint": "SSR_OIDC_END_SESSION_ENDPOINT",
}


class Command(BaseCommand):
    help = (
        "Read an OpenID provider's discovery document "
        "(<issuer>/.well-known/openid-configuration) and print the SSR_OIDC_* "
        "lines of its endpoints for the portal's environment."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "issuer", help="e.g. https://login.microsoftonline.com/<tenant>/v2.0"
        )

    def handle(self, *args, issuer, **options):
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise CommandError(f"Cannot read {url}: {error}") from error
        if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
            raise CommandError(
                f"{url} names the issuer {document.get('issuer')!r}, not {issuer!r}."
            )
        for field, variable in VARIABLES.items():
            value = document.get(field)
            if value:
                self.stdout.write(f"{variable}={value}")
            elif field != "end_session_endpoint":
                raise CommandError(f"The discovery document has no {field}.")
        if "RS256" not in document.get("id_token_signing_alg_values_supported", []):
            self.stderr.write(
                "The provider does not list RS256: set SSR_OIDC_SIGN_ALGO."
            )
