"""Background work: the table of named jobs, the scheduler `steward serve` runs (the jobs themselves in
embedded mode, their queuing with STEWARD_REDIS_URL), the work for changed accounts, and `steward worker`."""
