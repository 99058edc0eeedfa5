"""SCIM 2.0 provisioning (RFC 7643/7644): an identity provider creates, updates and deactivates users
and sets their roles by group."""
