"""The workspaces domain."""
