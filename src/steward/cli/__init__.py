"""Command-line entrypoint (`steward ...`)."""
