"""Advocacy: referral, review and reference requests per contact, and a points ledger for loyalty."""
