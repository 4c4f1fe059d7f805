"""Cross-cutting machinery every domain package uses: settings, database, errors,
HTTP dependencies, pagination, idempotency, rate limits, migrations."""
