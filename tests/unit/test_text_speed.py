"""What a batch of comments costs the encoder: the whole texts in one call, then the parts that can change
the answer (the part after a contrast word, the clauses of texts with a theme or a contrast) together in a
second; a text of one clause has no parts, and identical texts are read once, with the same answer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from steward.analytics.text import Theme, ThemeIndex, analyze, embed

PRICING = Theme("Pricing", ("too expensive", "the price went up again", "we pay too much per seat"))
SUPPORT = Theme("Support", ("support never answers", "slow replies from the help desk", "great support team"))
TEXTS = [
    "Love the product, but support takes days to answer.",
    "Support is fantastic, but the price is far too high.",
    "Way too expensive",
    "Way too expensive",
]


def test_a_batch_costs_two_encoder_calls_and_identical_texts_are_read_once() -> None:
    index = ThemeIndex([PRICING, SUPPORT], embed)
    index.generic(embed(["warm"]))  # the generic remarks are the index's own, embedded once
    calls: list[list[str]] = []

    def counting(texts: Sequence[str]) -> np.ndarray:
        calls.append(list(texts))
        return embed(texts)

    results = analyze(TEXTS, index, embedder=counting)
    assert len(calls) == 2
    assert calls[0] == TEXTS[:3]  # the whole texts, each once
    parts = calls[1]
    assert "support takes days to answer." in parts and "the price is far too high." in parts  # after "but"
    assert "but support takes days to answer." in parts  # a clause, for sentiment per theme
    assert "Way too expensive" not in parts  # one clause: the whole-text vector serves
    assert results[2] == results[3]
    alone = [analyze([t], index)[0] for t in TEXTS]
    assert results == alone  # batching changes nothing
    by_theme = {a.theme: a.sentiment for a in results[1].aspects}
    assert by_theme == {"Support": "positive", "Pricing": "negative"}
