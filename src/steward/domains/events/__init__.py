"""Product usage events: the append-only store (deduplicated by messageId), the quarantine of rejected
messages, and the daily rollups that adoption metrics read."""
