-- Owned by the jobs module, used by every service that runs jobs (add db/jobs to quarkus.flyway.locations).
-- A repeatable migration written to be re-runnable (IF NOT EXISTS), so it evolves independently of each service's
-- own versioned migrations without clashing with their version numbers.

CREATE TABLE IF NOT EXISTS jobs (
    id           uuid        PRIMARY KEY,
    kind         text        NOT NULL,
    job_key      text,
    state        text        NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    payload      jsonb       NOT NULL DEFAULT '{}',
    result       jsonb,
    attempt      integer     NOT NULL DEFAULT 0,
    max_attempts integer     NOT NULL CHECK (max_attempts >= 1),
    last_error   text,
    -- a queued job runs from run_at on (a retry's backoff moves it); a running job belongs to worker until
    -- lease_until, which the worker's heartbeat keeps moving; past it, any worker may take the job over
    run_at       timestamptz NOT NULL DEFAULT now(),
    worker       text,
    lease_until  timestamptz,
    cancel_requested boolean NOT NULL DEFAULT false,
    -- the last event's sequence number (job_events.seq), so events are numbered in order without a lock
    last_event   integer     NOT NULL DEFAULT 0,
    -- an SSE client follows the job: its events are announced with NOTIFY (which serialises commits database-wide,
    -- so jobs nobody follows are not announced; a client reads what was stored before it came)
    watched      boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- one unfinished job per kind and key: a second refresh of the same feed joins the first
CREATE UNIQUE INDEX IF NOT EXISTS jobs_active_key_idx ON jobs (kind, job_key)
    WHERE job_key IS NOT NULL AND state IN ('queued', 'running');
-- what a worker claims next: due queued jobs, and running jobs whose lease ran out
CREATE INDEX IF NOT EXISTS jobs_queued_idx ON jobs (kind, run_at) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS jobs_leased_idx ON jobs (kind, lease_until) WHERE state = 'running';
CREATE INDEX IF NOT EXISTS jobs_finished_idx ON jobs (finished_at) WHERE finished_at IS NOT NULL;

-- Every lifecycle and progress event of a job, in order: SSE clients on any replica replay them from here, resume
-- after Last-Event-ID, and get the final one even after the job ended.
CREATE TABLE IF NOT EXISTS job_events (
    job_id     uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq        integer     NOT NULL,
    name       text        NOT NULL,
    data       jsonb       NOT NULL DEFAULT '{}',
    final      boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, seq)
);

-- columns added after the table's first version: a database that has the table already gets them here
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS watched boolean NOT NULL DEFAULT false;
