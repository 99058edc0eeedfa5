"""The demo's planted ideal customer profile: firmographic values that move a customer's hidden health, so
that retention and expansion go with them and the ICP page has a real profile to find.

Financial services, EMEA and partner-sourced customers stay and grow; retail, above all small retail, and
customers from paid ads leave. Health drives renewals, expansion and engagement in demo.generator. On the
suite's 100-account demo (some 65 renewal outcomes) tests/demo/test_demo_icp.py recovers what that size can
show: Retail ranks last, Financial services first among industries and Partner near the top; EMEA's lift
and Paid ads' sink are within chance there (README gives the 500-account demo's figures)."""

from __future__ import annotations

import random

from steward.demo import vocab

CHANNEL_FIELD = ("channel", "Acquisition channel", "text")  # an account custom field
CHANNELS = (("Partner", 0.2), ("Outbound", 0.3), ("Inbound", 0.35), ("Paid ads", 0.15))
PLANTED = {
    ("industry", "Financial services"): 1.2,
    ("region", "EMEA"): 0.5,
    ("channel", "Partner"): 0.7,
    ("industry", "Retail"): -1.0,
    ("channel", "Paid ads"): -0.7,
}
SMALL_RETAIL = -0.5  # on top of retail's own shift


def draw(rng: random.Random) -> tuple[str, str]:
    """(industry, acquisition channel) of a new demo customer."""
    industry = rng.choice(vocab.INDUSTRIES)
    channel = rng.choices([c for c, _ in CHANNELS], weights=[w for _, w in CHANNELS])[0]
    return industry, channel


def _raw(segment: str, industry: str, region: str, channel: str) -> float:
    values = {"industry": industry, "region": region, "channel": channel}
    shift = sum(PLANTED.get((attribute, value), 0.0) for attribute, value in values.items())
    return shift + (SMALL_RETAIL if segment == "SMB" and industry == "Retail" else 0.0)


def _mean_shift() -> float:
    """The average shift over the demo's mix, taken off again so the workspace's overall churn stays put."""
    total = 0.0
    for segment, ws in vocab.SEGMENTS:
        for region, wr in vocab.REGIONS:
            for channel, wc in CHANNELS:
                for industry in vocab.INDUSTRIES:
                    total += ws * wr * wc / len(vocab.INDUSTRIES) * _raw(segment, industry, region, channel)
    return total / (sum(w for _, w in vocab.SEGMENTS) * sum(w for _, w in vocab.REGIONS))


MEAN_SHIFT = _mean_shift()


def health_shift(segment: str, industry: str, region: str, channel: str) -> float:
    """How much these firmographics move a customer's hidden health (which sets its renewals and growth)."""
    return _raw(segment, industry, region, channel) - MEAN_SHIFT
