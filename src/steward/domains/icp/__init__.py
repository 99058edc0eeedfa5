"""Ideal customer profile: which firmographics go with retention, NRR and lifetime value; fit scores."""
