"""Service desk: tickets, SLAs, routing, inbound e-mail and SLA reports."""
