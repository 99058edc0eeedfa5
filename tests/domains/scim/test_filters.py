"""The SCIM filter and PATCH-path parser on arbitrary text: a result or a SCIM error, never anything else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from steward.domains.scim.errors import ScimError
from steward.domains.scim.filters import matches, parse_filter, parse_path

PIECES = st.sampled_from([
    "userName", "emails", "[", "]", "(", ")", ".", "value", " eq ", " co ", " pr", " and ", " or ", "not ",
    '"a"', '"\\u00e9"', "true", "null", "12", "1e5", "-", "\\", '"',
    "urn:ietf:params:scim:schemas:core:2.0:User:",
])  # fmt: skip
RESOURCE = {"userName": "a", "emails": [{"value": "a@b.example", "type": "work"}], "active": True, "n": 12}


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=40))
def test_any_text_parses_or_is_a_scim_error(text: str) -> None:
    try:
        matches(parse_filter(text), RESOURCE)
    except ScimError as e:
        assert e.status == 400 and e.scim_type == "invalidFilter"
    try:
        parse_path(text)
    except ScimError as e:
        assert e.status == 400 and e.scim_type == "invalidPath"
