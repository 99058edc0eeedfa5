"""Feedback: what survey comments, tickets and timeline notes say (language, sentiment, themes)."""
