"""A fake OpenID Connect provider: a real HTTP server on 127.0.0.1, in a thread, for tests.

It serves a discovery document, an authorize endpoint that signs in whoever the test says is
at the keyboard (or answers with an error, as a directory that removed the person does), a
token endpoint that swaps the code, once, for an RS256-signed id token, and the JWKS. A test
may change any claim of the next token (`overrides`) to play a provider that misbehaves or an
attacker's token.
"""

from __future__ import annotations

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


class FakeProvider:
    def __init__(self, *, client_id: str = "pledge-client", client_secret: str = "s3cret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.directory: dict[str, dict] = {}  # login name -> claims of that person
        self.at_keyboard: str | None = None  # whose browser reaches the authorize endpoint
        self.overrides: dict = {}  # claims to change in the next id token (None removes)
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.on_redirect = lambda url: None  # told each address it sends a browser back to
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}/tenant"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_person(self, login: str, *, subject: str, email: str, **claims) -> None:
        self.directory[login] = {"sub": subject, "email": email} | claims

    def id_token(self, claims: dict, nonce: str | None) -> str:
        now = int(time.time())
        payload = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        } | claims
        for name, value in self.overrides.items():
            if value is None:
                payload.pop(name, None)
            else:
                payload[name] = value
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [public | {"kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _json(self, body: dict, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                base = provider.issuer
                if url.path == "/tenant/.well-known/openid-configuration":
                    self._json(
                        {
                            "issuer": base,
                            "authorization_endpoint": f"{base}/authorize",
                            "token_endpoint": f"{base}/token",
                            "jwks_uri": f"{base}/jwks",
                            "id_token_signing_alg_values_supported": ["RS256"],
                        }
                    )
                elif url.path == "/tenant/jwks":
                    self._json(provider.jwks())
                elif url.path == "/tenant/authorize":
                    self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
                else:
                    self._json({"error": "not_found"}, 404)

            def _authorize(self, query: dict) -> None:
                back = {"state": query.get("state", "")}
                person = provider.directory.get(provider.at_keyboard or "")
                if query.get("client_id") != provider.client_id:
                    back |= {"error": "unauthorized_client"}
                elif person is None:
                    back |= {"error": "access_denied"}
                else:
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {
                        "claims": person,
                        "nonce": query.get("nonce"),
                        "redirect_uri": query["redirect_uri"],
                        "challenge": query.get("code_challenge"),
                    }
                    back |= {"code": code}
                location = f"{query['redirect_uri']}?{urlencode(back)}"
                provider.on_redirect(location)
                self.send_response(302)
                self.send_header("Location", location)
                self.end_headers()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.token_requests.append(form)
                grant = provider.codes.pop(form.get("code", ""), None)
                if (
                    urlsplit(self.path).path != "/tenant/token"
                    or grant is None
                    or form.get("client_id") != provider.client_id
                    or form.get("client_secret") != provider.client_secret
                    or form.get("redirect_uri") != grant["redirect_uri"]
                    or _challenge(form.get("code_verifier", "")) != grant["challenge"]
                ):
                    self._json({"error": "invalid_grant"}, 400)
                    return
                self._json(
                    {
                        "access_token": secrets.token_urlsafe(16),
                        "token_type": "Bearer",
                        "id_token": provider.id_token(grant["claims"], grant["nonce"]),
                    }
                )

        return Handler


def _challenge(verifier: str) -> str:
    """PKCE's S256: the challenge the authorize request carried, from the token's verifier."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
