"""The imports domain."""
