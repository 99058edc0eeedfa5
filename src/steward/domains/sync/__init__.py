"""Data sync: SQL and file sources read on a cursor, mapped onto accounts, contacts and subscriptions."""
