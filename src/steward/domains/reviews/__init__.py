"""Business reviews (QBRs): a cadence per segment, a review per account on schedule, a pack from live data."""
