-- Owned by the idempotency module, used by every service that honours Idempotency-Key. The file keeps the name it
-- had when the common library held it: Flyway knows a repeatable migration by its description.
-- A repeatable migration written to be re-runnable (IF NOT EXISTS), so it can evolve independently of each
-- service's own versioned migrations without clashing with their version numbers.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    owner                 text        NOT NULL,
    operation             text        NOT NULL,
    idem_key              text        NOT NULL,
    fingerprint           text        NOT NULL,
    state                 text        NOT NULL CHECK (state IN ('in_progress', 'completed')),
    claim_token           uuid        NOT NULL,
    locked_until          timestamptz,
    response_status       integer,
    response_headers      text,
    response_body         text,
    response_content_type text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    expires_at            timestamptz NOT NULL,
    PRIMARY KEY (owner, operation, idem_key)
);

CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at_idx ON idempotency_keys (expires_at);
