"""Rules: when a trigger fires and conditions hold, create CTAs, apply playbooks, set fields."""
