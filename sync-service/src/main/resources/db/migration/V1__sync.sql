-- Sources: what to mirror and how (the spec as the API shows it; secrets only by environment-variable name)
CREATE TABLE sources (
    id          uuid        PRIMARY KEY,
    name        text        NOT NULL,
    spec        jsonb       NOT NULL,
    -- the optional schedule: a due source gets a run from the scheduler
    every_ms    bigint,
    next_run_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sources_timeline_idx ON sources (created_at DESC, id DESC);
CREATE INDEX sources_due_idx ON sources (next_run_at) WHERE next_run_at IS NOT NULL;

-- Runs: one row per job of kind sync-run (same id), with its stats
CREATE TABLE sync_runs (
    id          uuid        PRIMARY KEY,
    source_id   uuid        NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    source_name text        NOT NULL,
    status      text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    stats       jsonb       NOT NULL DEFAULT '{}',
    failure     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    started_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX sync_runs_timeline_idx ON sync_runs (created_at DESC, id DESC);
CREATE INDEX sync_runs_source_timeline_idx ON sync_runs (source_id, created_at DESC, id DESC);

-- The mirror: the items of each source as last applied
CREATE TABLE sync_items (
    source_id       uuid        NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    item_id         text        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    hash            text        NOT NULL,
    data            jsonb       NOT NULL,
    first_seen_at   timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    last_changed_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, item_id)
);
CREATE INDEX sync_items_page_idx ON sync_items (source_id, seq);

-- Items of a run as its pages arrive; applied (or dropped) at its end. Unlogged: a crash loses only runs in progress,
-- which fail and are never applied anyway.
CREATE UNLOGGED TABLE sync_staging (
    run_id  uuid NOT NULL,
    item_id text NOT NULL,
    hash    text NOT NULL,
    data    jsonb NOT NULL,
    PRIMARY KEY (run_id, item_id)
);
