"""SAML 2.0 service provider with pysaml2: SP metadata, the AuthnRequest (HTTP-Redirect binding) and the
Response posted to the ACS (HTTP-POST binding). pysaml2 parses with defusedxml (no external entities, no
entity expansion) and verifies signatures with the xmlsec1 program against the IdP metadata's certificate;
the audience, destination, recipient, validity window and InResponseTo are checked again here so that a
pysaml2 default cannot quietly loosen them."""

from __future__ import annotations

import base64
import calendar
import shutil
import time
from dataclasses import dataclass
from typing import Any

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, SAMLError
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.mdstore import MetadataStore
from saml2.metadata import create_metadata_string
from saml2.samlp import response_from_string
from saml2.time_util import str_to_time

CLOCK_SKEW = 120  # seconds allowed between our clock and the IdP's on NotBefore / NotOnOrAfter
MAX_METADATA = 256 * 1024
EMAIL_ATTRIBUTES = ("email", "mail", "emailAddress", "urn:oid:0.9.2342.19200300.100.1.3")
NAME_ATTRIBUTES = ("displayName", "name", "cn", "urn:oid:2.16.840.1.113730.3.1.241")
EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
# SHA-1 (SHAttered, 2017) and MD5 collisions are practical: a signature or digest using them proves little.
WEAK_HASHES = frozenset({"sha1", "md5"})


class SamlError(Exception):
    """The IdP's metadata or response failed a check; the message says which."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


def xmlsec_binary() -> str | None:
    return shutil.which("xmlsec1")


def _need_xmlsec() -> str:
    path = xmlsec_binary()
    if path is None:
        raise SamlError(
            "SAML needs the xmlsec1 program, which is not installed on this server "
            "(apt-get install xmlsec1, or make saml-tools)"
        )
    return path


@dataclass(frozen=True)
class Sp:
    """This workspace as a service provider: its entity id (the metadata URL) and its ACS URL."""

    entity_id: str
    acs_url: str


def _config(sp: Sp, idp_metadata: str | None) -> SPConfig:
    conf: dict[str, Any] = {
        "entityid": sp.entity_id,
        "xmlsec_binary": _need_xmlsec(),
        "service": {
            "sp": {
                "endpoints": {"assertion_consumer_service": [(sp.acs_url, BINDING_HTTP_POST)]},
                "allow_unsolicited": False,
                "authn_requests_signed": False,
                "want_response_signed": False,
                "want_assertions_signed": False,
                "want_assertions_or_response_signed": True,
            }
        },
        "accepted_time_diff": CLOCK_SKEW,
        "allow_unknown_attributes": True,
    }
    if idp_metadata is not None:
        conf["metadata"] = {"inline": [idp_metadata]}
    config = SPConfig()
    config.load(conf)
    return config


def sp_metadata(sp: Sp) -> str:
    xml = create_metadata_string(None, config=_config(sp, None), valid=None, sign=False)
    return xml.decode() if isinstance(xml, bytes) else str(xml)


def read_idp_metadata(xml: str) -> str:
    """The entity id of the one identity provider this metadata describes, once it is found to have a
    signing certificate and a sign-in URL for the HTTP-Redirect binding; SamlError saying what is missing."""
    if len(xml.encode()) > MAX_METADATA:
        raise SamlError(f"the metadata is larger than {MAX_METADATA} bytes")
    _need_xmlsec()
    try:
        store: MetadataStore = _config(Sp("urn:steward:check", "https://localhost/acs"), xml).metadata
    except SamlError:
        raise
    except Exception as exc:
        raise SamlError(f"the metadata could not be read as SAML metadata ({type(exc).__name__})") from None
    idps = list(store.identity_providers())
    if len(idps) != 1:
        raise SamlError(f"the metadata must describe one identity provider (it describes {len(idps)})")
    entity = idps[0]
    if not store.certs(entity, "idpsso", use="signing"):
        raise SamlError("the identity provider's metadata has no signing certificate")
    try:
        store.single_sign_on_service(entity, BINDING_HTTP_REDIRECT)
    except Exception:
        raise SamlError("the identity provider offers no sign-in URL for the HTTP-Redirect binding") from None
    if not store.single_sign_on_service(entity, BINDING_HTTP_REDIRECT):
        raise SamlError("the identity provider offers no sign-in URL for the HTTP-Redirect binding")
    return str(entity)


def authn_request(sp: Sp, *, idp_metadata: str, idp_entity_id: str, relay_state: str) -> tuple[str, str]:
    """(the AuthnRequest's ID, the IdP URL carrying it by the HTTP-Redirect binding)."""
    client = Saml2Client(config=_config(sp, idp_metadata))
    try:
        request_id, info = client.prepare_for_authenticate(
            entityid=idp_entity_id, relay_state=relay_state, binding=BINDING_HTTP_REDIRECT
        )
    except (SAMLError, ValueError, KeyError) as exc:
        raise SamlError(f"no sign-in request could be made for this identity provider ({exc})") from None
    location = dict(info["headers"]).get("Location")
    if not location:
        raise SamlError("the identity provider's sign-in URL is missing")
    return str(request_id), str(location)


@dataclass(frozen=True)
class Verified:
    assertion_id: str
    expires_at: float  # epoch seconds: keep the id until then
    claims: dict[str, Any]


def _when(value: str | None) -> float | None:
    return float(calendar.timegm(str_to_time(value))) if value else None


def verify_response(
    sp: Sp, *, idp_metadata: str, idp_entity_id: str, saml_response: str, request_id: str, role_attribute: str
) -> Verified:
    """The verified assertion's id, expiry and claims (email, name, the role attribute's values)."""
    client = Saml2Client(config=_config(sp, idp_metadata))
    _precheck(sp, saml_response, request_id)
    try:
        resp = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    except Exception as exc:
        raise SamlError(_explain(exc)) from None
    if resp is None or resp.assertion is None:
        raise SamlError("the response was refused (malformed, or addressed to another destination)")
    assertion = resp.assertion
    if resp.response.signature is None and assertion.signature is None:
        raise SamlError("neither the response nor the assertion is signed")
    _check_algorithms(resp.response.signature, assertion.signature)  # the assertion may have been encrypted
    if resp.response.in_response_to != request_id:
        raise SamlError("the response does not answer the sign-in request this browser started")
    if resp.response.destination not in (None, sp.acs_url):
        raise SamlError("the response is addressed to another destination")
    if assertion.issuer is None or assertion.issuer.text != idp_entity_id:
        raise SamlError("the assertion was issued by another identity provider")
    _check_conditions(sp, assertion)
    recipients = [
        c.subject_confirmation_data.recipient
        for c in assertion.subject.subject_confirmation
        if c.subject_confirmation_data is not None
    ]
    if not recipients or any(r != sp.acs_url for r in recipients):
        raise SamlError("the assertion is meant for another recipient")
    ava: dict[str, list[Any]] = dict(resp.ava or {})
    email = next((str(v[0]) for k in EMAIL_ATTRIBUTES if (v := ava.get(k))), None)
    name_id = resp.name_id
    if email is None and name_id is not None and name_id.format == EMAIL_FORMAT:
        email = name_id.text
    name = next((str(v[0]) for k in NAME_ATTRIBUTES if (v := ava.get(k))), None)
    claims: dict[str, Any] = {
        "email": email,
        "name": name,
        role_attribute: [str(v) for v in ava.get(role_attribute, [])],
    }
    expiry = _when(assertion.conditions.not_on_or_after) if assertion.conditions else None
    return Verified(
        assertion_id=str(assertion.id), expires_at=(expiry or time.time() + 3600) + CLOCK_SKEW, claims=claims
    )


def _precheck(sp: Sp, saml_response: str, request_id: str) -> None:
    """Clear reasons for the usual refusals, read before the signature is checked. Only ever refuses:
    whatever passes here is checked again, signed, by pysaml2 and after it."""
    try:
        xml = base64.b64decode(saml_response, validate=True)
        response = response_from_string(xml)
    except Exception:
        raise SamlError("the response is not a SAML Response") from None
    if response is None:
        raise SamlError("the response is not a SAML Response")
    if response.destination not in (None, sp.acs_url):
        raise SamlError("the response is addressed to another destination")
    if not response.in_response_to:
        raise SamlError("the response does not answer a sign-in request started here (unsolicited)")
    if response.in_response_to != request_id:
        raise SamlError("the response answers another sign-in request (replayed, or from another browser)")
    _check_algorithms(response.signature, *(a.signature for a in response.assertion or []))
    for assertion in response.assertion or []:
        _check_conditions(sp, assertion)


def _check_algorithms(*signatures: Any) -> None:
    """Refuse signatures whose signing or digest algorithm uses SHA-1 or MD5 (xmlsec1 would accept them)."""
    for signature in signatures:
        if signature is None or signature.signed_info is None:
            continue
        info = signature.signed_info
        methods = [info.signature_method] + [r.digest_method for r in info.reference]
        for method in methods:
            algorithm = str(getattr(method, "algorithm", "") or "")
            if algorithm.rsplit("#", 1)[-1].rsplit("-", 1)[-1].lower() in WEAK_HASHES:
                weak = f"the signature uses a weak algorithm ({algorithm})"
                raise SamlError(f"{weak}; sign with SHA-256 or stronger")


def _check_conditions(sp: Sp, assertion: Any) -> None:
    cond = assertion.conditions
    if cond is None:
        raise SamlError("the assertion has no conditions (audience and validity)")
    audiences = [a.text for r in cond.audience_restriction for a in r.audience]
    if sp.entity_id not in audiences:
        raise SamlError("the assertion is meant for another audience")
    now = time.time()
    before, after = _when(cond.not_before), _when(cond.not_on_or_after)
    if after is None or now >= after + CLOCK_SKEW:
        raise SamlError("the assertion has expired")
    if before is not None and now < before - CLOCK_SKEW:
        raise SamlError("the assertion is not valid yet")


def _explain(exc: Exception) -> str:
    """A short reason for pysaml2's exception; its text may quote the response, so only known kinds speak."""
    kind = type(exc).__name__
    text = str(exc).lower()
    if "signature" in kind.lower() or "signature" in text or kind == "SigverError" or "signed" in text:
        return "the signature is missing or not made by the identity provider's key"
    if "unsolicited" in kind.lower() or "unsolicited" in text or "inresponseto" in kind.lower():
        return "the response does not answer a sign-in request started here (unsolicited)"
    if "audience" in text or "restriction" in text:
        return "the assertion is meant for another audience"
    if "destination" in text or "recipient" in text or "return" in text:
        return "the response is addressed to another destination or recipient"
    if "timeout" in kind.lower() or "expired" in text or "too old" in text or "not_on_or_after" in text:
        return "the assertion has expired"
    return f"the response could not be verified ({kind})"
