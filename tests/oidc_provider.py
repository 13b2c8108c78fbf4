"""A small but real OpenID Connect provider for the single sign-on's tests, in a
thread of the test process, on 127.0.0.1 (http.server).

It speaks the authorization-code flow as a municipality's provider (Entra ID,
Keycloak) does: a discovery document, an authorize endpoint that "logs in"
the configured test person at once and sends the browser back with a code, a
token endpoint that checks the client's secret, the redirect URI and PKCE and
issues an RS256 ID token signed with a key made at start, the key set (JWKS),
userinfo, and an end-session endpoint that records each logout.

    provider = OIDCProvider().start()
    provider.person = {"sub": "1", "email": "a@huddinge.se", ...}
    settings.__dict__.update(provider.django_settings())  # or the settings fixture
    provider.stop()

`id_token_changes` alters the next ID tokens (a wrong nonce, another issuer);
`deny` makes the authorize endpoint answer error=access_denied; `signing_key`
signs with a key the JWKS does not show.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "ssr-portal"
CLIENT_SECRET = "test-client-secret"  # noqa: S105


class OIDCProvider:
    def __init__(
        self, *, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(8)
        self.person: dict = {"sub": "person-1"}
        self.id_token_changes: dict = {}
        self.deny = False
        # Signs the ID tokens instead of `key`, whose public half the JWKS shows.
        self.signing_key = None
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.logouts: list[dict] = []
        self.token_requests = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # The provider's addresses.

    @property
    def issuer(self) -> str:
        assert self._server is not None, "start() the provider first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def django_settings(self) -> dict:
        """What SSR_OIDC_* set in the portal's settings for this provider."""
        found = self.discovery()
        return {
            "SSR_OIDC_ENABLED": True,
            "SSR_OIDC_ISSUER": found["issuer"],
            "OIDC_OP_AUTHORIZATION_ENDPOINT": found["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": found["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": found["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": found["jwks_uri"],
            "SSR_OIDC_END_SESSION_ENDPOINT": found["end_session_endpoint"],
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",
        }

    def jwks(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    # Running.

    def start(self) -> "OIDCProvider":
        provider = self

        class Handler(_Handler):
            pass

        Handler.provider = provider
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="oidc-provider", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def reset(self) -> None:
        self.person = {"sub": "person-1"}
        self.id_token_changes = {}
        self.deny = False
        self.signing_key = None
        self.codes.clear()
        self.access_tokens.clear()
        self.logouts.clear()
        self.token_requests = 0

    # The endpoints' work.

    def authorize(self, query: dict) -> tuple[int, dict]:
        redirect_uri = query.get("redirect_uri", "")
        if query.get("client_id") != self.client_id or not redirect_uri:
            return 400, {"error": "invalid_client"}
        if query.get("response_type") != "code":
            return 400, {"error": "unsupported_response_type"}
        state = query.get("state", "")
        if self.deny:
            answer = {"error": "access_denied", "state": state}
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = {
                "redirect_uri": redirect_uri,
                "nonce": query.get("nonce"),
                "code_challenge": query.get("code_challenge"),
                "code_challenge_method": query.get("code_challenge_method"),
                "person": dict(self.person),
            }
            answer = {"code": code, "state": state}
        separator = "&" if "?" in redirect_uri else "?"
        return 302, {"Location": f"{redirect_uri}{separator}{urlencode(answer)}"}

    def token(self, form: dict) -> tuple[int, dict]:
        self.token_requests += 1
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            challenge = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if challenge != grant["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "pkce"}
        person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **person,
            **self.id_token_changes,
        }
        id_token = jwt.encode(
            claims,
            self.signing_key or self.key,
            algorithm="RS256",
            headers={"kid": self.kid},
        )
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = person
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        scheme, _, token = authorization.partition(" ")
        person = self.access_tokens.get(token) if scheme.lower() == "bearer" else None
        if person is None:
            return 401, {"error": "invalid_token"}
        return 200, person


class _Handler(BaseHTTPRequestHandler):
    provider: OIDCProvider

    def log_message(self, format, *args):  # quiet
        pass

    def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        provider = self.provider
        if url.path == "/.well-known/openid-configuration":
            self._send(200, provider.discovery())
        elif url.path == "/jwks":
            self._send(200, provider.jwks())
        elif url.path == "/authorize":
            status, answer = provider.authorize(query)
            if status == 302:
                self._send(302, {}, answer)
            else:
                self._send(status, answer)
        elif url.path == "/userinfo":
            self._send(*provider.userinfo(self.headers.get("Authorization", "")))
        elif url.path == "/logout":
            provider.logouts.append(query)
            target = query.get("post_logout_redirect_uri")
            if target:
                self._send(302, {}, {"Location": target})
            else:
                self._send(200, {"logged_out": True})
        else:
            self._send(404, {"error": "not_found"})

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if urlsplit(self.path).path == "/token":
            self._send(*self.provider.token(form))
        else:
            self._send(404, {"error": "not_found"})
