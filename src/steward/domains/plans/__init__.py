"""Success plans: objectives with milestones and tasks, computed status, templates, customer share links."""
