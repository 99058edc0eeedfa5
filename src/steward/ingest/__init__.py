"""Segment-compatible event intake (arrives with the product-usage issue)."""
