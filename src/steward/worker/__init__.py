"""Background job worker entrypoint (Redis-backed job processing arrives with the job system)."""
