"""The demo's survey comments were written with an intended tone (praise, complaint, lukewarm): the reader
must agree with them where it matters for the work list (no database).

Measured with the built-in head (2026-12-06): 297 distinct comments in nine languages, exact agreement 0.869,
0.983 without a confident contradiction (a reading of another tone with confidence >= the CTA threshold),
and no praise or lukewarm comment read as a confident complaint. Most exact misses are lukewarm comments
("It does the job. Nothing special...") read as weakly positive or negative.
"""

from __future__ import annotations

import pytest

from steward.analytics.text import TextAnalysis, analyze
from steward.demo.survey_praise import PRAISE
from steward.demo.survey_vocab import COMMENTS
from steward.domains.surveys.loop import CONFIDENT


@pytest.fixture(scope="module")
def read() -> list[tuple[str, TextAnalysis]]:
    intended = {t: tone for source in (COMMENTS, PRAISE) for (_, tone), by in source.items()
                for texts in by.values() for t in texts}  # fmt: skip
    texts = sorted(intended)
    return [(intended[t], r) for t, r in zip(texts, analyze(texts), strict=True)]


def test_exact_agreement(read: list[tuple[str, TextAnalysis]]) -> None:
    assert sum(r.sentiment == tone for tone, r in read) / len(read) >= 0.85


def test_no_confident_contradiction(read: list[tuple[str, TextAnalysis]]) -> None:
    agree = sum(r.sentiment == tone or (r.confidence or 0) < CONFIDENT for tone, r in read)
    assert agree / len(read) >= 0.95


def test_praise_never_reads_as_a_confident_complaint(read: list[tuple[str, TextAnalysis]]) -> None:
    """A confident negative reading opens a Risk CTA: none may come from praise or a lukewarm comment."""
    wrong = [r for tone, r in read if tone != "negative" and r.sentiment == "negative"
             and (r.confidence or 0) >= CONFIDENT]  # fmt: skip
    assert wrong == []
