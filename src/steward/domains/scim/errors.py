"""The SCIM error (RFC 7644 3.12): a status, a scimType where the RFC names one, and a detail."""

from __future__ import annotations


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type

    def body(self) -> dict[str, object]:
        out: dict[str, object] = {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": str(self.status),
            "detail": self.detail,
        }
        if self.scim_type:
            out["scimType"] = self.scim_type
        return out


def invalid_filter(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidFilter")


def invalid_value(detail: str) -> ScimError:
    return ScimError(400, detail, "invalidValue")
