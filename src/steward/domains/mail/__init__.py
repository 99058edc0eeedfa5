"""E-mail that rules send: a durable outbox delivered over SMTP with retries, and bounces handled."""
