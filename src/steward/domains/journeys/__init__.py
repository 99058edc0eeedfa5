"""Onboarding and lifecycle journeys: stages with entry and exit criteria, time in stage, stuck accounts,
milestone celebrations and time to value per cohort."""
