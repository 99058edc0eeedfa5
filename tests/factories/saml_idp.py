"""A real SAML 2.0 identity provider for tests: pysaml2's Server with its own RSA key and self-signed
certificate (made here with cryptography), which reads Steward's SP metadata, parses the AuthnRequest from
the redirect URL and builds signed Responses (or unsigned, or signed by another key, or altered).
running_idp() also serves its sign-on URL over HTTP for a browser: a page whose form auto-posts the signed
Response to the ACS, as an IdP's HTTP-POST binding does."""

from __future__ import annotations

import base64
import datetime as dt
import html
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

ENTITY_ID = "https://idp.test.example/metadata"
SSO_URL = "https://idp.test.example/sso"


def key_pair(directory: Path, name: str) -> tuple[str, str]:
    """(key file, certificate file) of a new RSA key and its self-signed certificate."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256())
    )  # fmt: skip
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


class Idp:
    def __init__(self, sso_url: str = SSO_URL) -> None:
        self.sso_url = sso_url
        self.dir = Path(tempfile.mkdtemp(prefix="saml-idp-"))
        self.key_file, self.cert_file = key_pair(self.dir, "idp")
        self.other_key, self.other_cert = key_pair(self.dir, "intruder")
        self.sp_metadata: str | None = None

    def _config(self, key_file: str, cert_file: str) -> IdPConfig:
        conf: dict[str, Any] = {
            "entityid": ENTITY_ID,
            "key_file": key_file,
            "cert_file": cert_file,
            "service": {
                "idp": {
                    "endpoints": {"single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]},
                    "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
                    "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                }
            },
            "allow_unknown_attributes": True,
        }
        if self.sp_metadata:
            conf["metadata"] = {"inline": [self.sp_metadata]}
        config = IdPConfig()
        config.load(conf)
        return config

    def metadata(self) -> str:
        xml = create_metadata_string(None, config=self._config(self.key_file, self.cert_file), valid=None)
        return xml.decode() if isinstance(xml, bytes) else str(xml)

    def answer(
        self,
        redirect_url: str,
        *,
        email: str = "ada@corp.example",
        groups: tuple[str, ...] = ("staff", "cs-managers"),
        sign: bool = True,
        foreign_key: bool = False,
        audience: str | None = None,
        destination: str | None = None,
        in_response_to: bool = True,
        recipient: str | None = None,
        sign_alg: str = SIG_RSA_SHA256,  # pysaml2's own default is RSA-SHA1, which real IdPs left years ago
        digest_alg: str = DIGEST_SHA256,
    ) -> tuple[str, str, str]:
        """(the ACS URL, the base64 SAMLResponse, the RelayState) answering the AuthnRequest in the URL."""
        query = parse_qs(urlsplit(redirect_url).query)
        key, cert = (self.other_key, self.other_cert) if foreign_key else (self.key_file, self.cert_file)
        server = Server(config=self._config(key, cert))
        req = server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = req.message
        acs = message.assertion_consumer_service_url
        sp_entity = message.issuer.text
        extra: dict[str, Any] = {}
        if recipient is not None:  # the subject confirmation's Recipient differs from the Destination
            extra["farg"] = Server.update_farg(message.id, recipient)
        response = server.create_authn_response(
            {"mail": [email], "displayName": ["Ada L"], "groups": list(groups)},
            in_response_to=message.id if in_response_to else None,
            destination=destination or acs,
            sp_entity_id=audience or sp_entity,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=sign,
            sign_response=False,
            sign_alg=sign_alg,
            digest_alg=digest_alg,
            **extra,
        )
        return acs, base64.b64encode(str(response).encode()).decode(), query["RelayState"][0]


def post_page(acs: str, saml_response: str, relay: str) -> bytes:
    """The IdP's answer page: a form posting itself to the ACS on load (the IdP's page, not Steward's)."""
    e = html.escape
    return (
        f'<!doctype html><html><body><form method="post" action="{e(acs)}">'
        f'<input type="hidden" name="SAMLResponse" value="{e(saml_response)}">'
        f'<input type="hidden" name="RelayState" value="{e(relay)}">'
        "<noscript><button type=submit>Continue</button></noscript></form>"
        "<script>document.forms[0].submit()</script></body></html>"
    ).encode()


@contextmanager
def running_idp(host: str = "localhost", **answer: Any) -> Iterator[Idp]:
    """An Idp whose sign-on URL (http://<host>:<port>/sso) answers a browser, signing in `answer`'s user.
    The default host 'localhost' makes the ACS post cross-site to a Steward served on 127.0.0.1."""
    idp = Idp()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            if urlsplit(self.path).path != "/sso":
                self.send_error(404)
                return
            body = post_page(*idp.answer(self.path, **answer))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    idp.sso_url = f"http://{host}:{server.server_address[1]}/sso"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp
    finally:
        server.shutdown()
        server.server_close()
