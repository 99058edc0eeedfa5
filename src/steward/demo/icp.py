"""The demo's planted ideal customer profile: firmographic values that move a customer's hidden health, so
that retention and expansion go with them and the ICP page has a real profile to find (and a test to recover).

Financial services, EMEA and partner-sourced customers stay and grow; retail, above all small retail, and
customers from paid ads leave. Health drives renewals, expansion and engagement in demo.generator."""

from __future__ import annotations

import random

from steward.demo import vocab

CHANNELS = (("Partner", 0.2), ("Outbound", 0.3), ("Inbound", 0.35), ("Paid ads", 0.15))
PLANTED = {
    ("industry", "Financial services"): 0.8,
    ("region", "EMEA"): 0.4,
    ("channel", "Partner"): 0.5,
    ("industry", "Retail"): -0.7,
    ("channel", "Paid ads"): -0.5,
}
SMALL_RETAIL = -0.4  # on top of retail's own shift


def draw(rng: random.Random) -> tuple[str, str]:
    """(industry, acquisition channel) of a new demo customer."""
    industry = rng.choice(vocab.INDUSTRIES)
    channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
    return industry, channel


def health_shift(segment: str, industry: str, region: str, channel: str) -> float:
    values = {"industry": industry, "region": region, "channel": channel}
    shift = sum(PLANTED.get((attribute, value), 0.0) for attribute, value in values.items())
    return shift + (SMALL_RETAIL if segment == "SMB" and industry == "Retail" else 0.0)
