"""Renewal opportunities: opened ahead of each term's end, forecast, closed with an outcome."""
