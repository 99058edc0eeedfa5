"""Pure computation: no database, no HTTP."""
