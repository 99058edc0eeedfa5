"""Business domains; each folder holds models, schemas, service (writes), queries (reads) and api."""
