"""The subscriptions domain."""
