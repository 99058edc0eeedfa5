"""Health scorecards per workspace and the daily, explained health score of every account."""
