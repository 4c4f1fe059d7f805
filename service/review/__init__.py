"""Human review of drafts and the outreach lifecycle: decisions, sending, outcomes."""
