"""What Steward's SCIM service publishes about itself: ServiceProviderConfig, ResourceTypes and Schemas
(RFC 7643 5-7), listing only the attributes Steward stores, so a client knows what comes back."""

from __future__ import annotations

from typing import Any

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
MAX_RESULTS = 200


def _attr(
    name: str, type_: str = "string", *, multi: bool = False, required: bool = False,
    mutability: str = "readWrite", uniqueness: str = "none", sub: list[dict[str, Any]] | None = None,
    case_exact: bool = False, ref_types: list[str] | None = None, description: str = "",
) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {
        "name": name, "type": type_, "multiValued": multi, "description": description or name,
        "required": required, "caseExact": case_exact, "mutability": mutability, "returned": "default",
        "uniqueness": uniqueness,
    }  # fmt: skip
    if sub is not None:
        out["subAttributes"] = sub
    if ref_types is not None:
        out["referenceTypes"] = ref_types
    return out


USER_ATTRIBUTES = [
    _attr("userName", required=True, uniqueness="server", description="unique in the workspace"),
    _attr("name", "complex", sub=[_attr("formatted"), _attr("familyName"), _attr("givenName")]),
    _attr("displayName"),
    _attr("active", "boolean", required=True, description="false signs the user out and stops their keys"),
    _attr(
        "emails",
        "complex",
        multi=True,
        sub=[
            _attr("value", description="the primary one is the user's sign-in address"),
            _attr("type"),
            _attr("primary", "boolean"),
        ],
    ),
    _attr(
        "groups",
        "complex",
        multi=True,
        mutability="readOnly",
        sub=[
            _attr("value", mutability="readOnly"),
            _attr("$ref", "reference", mutability="readOnly", ref_types=["Group"]),
            _attr("display", mutability="readOnly"),
        ],
    ),
]
GROUP_ATTRIBUTES = [
    _attr("displayName", required=True, description="steward-<role> sets the role of its members"),
    _attr(
        "members",
        "complex",
        multi=True,
        sub=[
            _attr("value", mutability="immutable"),
            _attr("$ref", "reference", mutability="immutable", ref_types=["User"]),
        ],
    ),
]


def schemas(base: str) -> list[dict[str, Any]]:
    return [
        _schema(base, USER_SCHEMA, "User", "A Steward user", USER_ATTRIBUTES),
        _schema(base, GROUP_SCHEMA, "Group", "A group; its name can map to a Steward role", GROUP_ATTRIBUTES),
    ]


def _schema(base: str, id_: str, name: str, description: str, attrs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": id_, "name": name, "description": description, "attributes": attrs,
        "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{id_}"},
    }  # fmt: skip


def resource_types(base: str) -> list[dict[str, Any]]:
    return [
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": name,
            "name": name,
            "endpoint": endpoint,
            "description": f"Steward {name.lower()}s",
            "schema": schema,
            "schemaExtensions": [],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/{name}"},
        }
        for name, endpoint, schema in (("User", "/Users", USER_SCHEMA), ("Group", "/Groups", GROUP_SCHEMA))
    ]


def service_provider_config(base: str) -> dict[str, Any]:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": True},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "API key",
                "description": "a Steward API key with the scim:write scope and the admin role",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"},
    }


def list_response(resources: list[dict[str, Any]], total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST_RESPONSE], "totalResults": total, "startIndex": start,
        "itemsPerPage": len(resources), "Resources": resources,
    }  # fmt: skip
