"""Surveys: NPS, CSAT, CES and custom surveys, their delivery, answers, scores and closing the loop."""
