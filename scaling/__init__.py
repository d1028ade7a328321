"""What several Rasa servers behind a load balancer need beyond Rasa Open Source 3.6.

- `scaling.tracker_store.ResilientSQLTrackerStore`: Rasa's SQL tracker store with a
  connection check before each use (survives a PostgreSQL restart without a Rasa restart)
  and SQL parameters (the mediators' words) kept out of error messages.
- `scaling.rest.IdempotentRestInput`: the REST channel at the same URL
  (/webhooks/rest/webhook) that answers 503 instead of 200 with nothing when the tracker
  store or the lock store fails, never falls back to an in-memory tracker, and treats a
  repeated `message_id` as a retry: it answers with the stored replies instead of
  handling the message twice.

deploy/README.md explains why each of these is needed and how `make scale-test` proves it.
"""
