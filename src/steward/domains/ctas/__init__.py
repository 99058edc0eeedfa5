"""Calls to action: the CSM work list, with tasks, comments and playbooks."""
