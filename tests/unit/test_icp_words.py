"""ICP values that Steward writes (number ranges, "(not set)", "any") are said in the page's language with
the locale's numbers; values that are customer data stay as written."""

from __future__ import annotations

import pytest

from steward.analytics.icp import NOT_SET, bin_label
from steward.web.ui.icp_words import _Words, value_said


@pytest.mark.parametrize(
    ("language", "value", "said"),
    [
        ("de", bin_label(20, [10, 50]), "10 bis < 50"),
        ("de", bin_label(5000, [10, 1000]), "≥ 1.000"),
        ("de", bin_label(1, [2.5, 10]), "< 2,5"),
        ("fr", bin_label(20, [10, 50]), "10 à < 50"),
        ("ja", bin_label(20, [10, 50]), "10 以上 50 未満"),
        ("en", bin_label(20, [1000, 5000]), "< 1,000"),
        ("de", NOT_SET, "(nicht gesetzt)"),
        ("de", "Retail < 10 stores", "Retail < 10 stores"),
        ("he", "SaaS", "SaaS"),
    ],
)
def test_values_in_the_page_language(language: str, value: str, said: str) -> None:
    assert value_said(_Words(language), value) == said
