"""A real SAML 2.0 identity provider for tests: pysaml2's Server with its own RSA key and self-signed
certificate (made here with cryptography), which reads Steward's SP metadata, parses the AuthnRequest from
the redirect URL and builds signed Responses (or unsigned, or signed by another key, or altered)."""

from __future__ import annotations

import base64
import datetime as dt
import tempfile
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
    def __init__(self) -> None:
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
                    "endpoints": {"single_sign_on_service": [(SSO_URL, BINDING_HTTP_REDIRECT)]},
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
            **extra,
        )
        return acs, base64.b64encode(str(response).encode()).decode(), query["RelayState"][0]
