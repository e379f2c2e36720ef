-- Stored transcripts. The audio itself is never stored: only what was recognised and how.
CREATE TABLE transcripts (
    id               uuid             PRIMARY KEY,
    user_id          uuid             NOT NULL,
    text             text             NOT NULL,
    language         varchar(16),
    duration_seconds double precision CHECK (duration_seconds >= 0),
    -- {"segments":[{"start","end","text"}]}: an object, not a bare array, as Hibernate Reactive maps JSON objects
    timeline         jsonb            NOT NULL DEFAULT '{"segments":[]}',
    provider         text             NOT NULL,
    model            text             NOT NULL,
    audio_format     text             NOT NULL,
    audio_bytes      bigint           NOT NULL CHECK (audio_bytes > 0),
    created_at       timestamptz      NOT NULL
);

-- the list's keyset order, newest first, per user
CREATE INDEX transcripts_user_recent_idx ON transcripts (user_id, created_at DESC, id DESC);
