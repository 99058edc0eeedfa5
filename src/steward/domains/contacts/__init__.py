"""The contacts domain."""
