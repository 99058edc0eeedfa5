"""Shared kernel: database, errors, security helpers, pagination. Imports no domain."""
