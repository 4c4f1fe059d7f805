"""Webhooks: signed, durable deliveries of events to the tenant's endpoints."""
