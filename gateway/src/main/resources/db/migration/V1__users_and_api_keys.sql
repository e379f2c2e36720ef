-- The gateway's own data: who the users are and the API keys they gave their scripts.

CREATE TABLE users (
    id              uuid PRIMARY KEY,
    -- how the user signs in, unique per way: 'telegram:<telegram id>', 'dev:<name>' (dev login), 'operator'
    identity        text        NOT NULL UNIQUE,
    telegram_id     bigint      UNIQUE,
    username        text,
    display_name    text,
    language        text,
    admin           boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    -- the first characters of the secret, so that a user can tell their keys apart; not enough to use one
    prefix       text        NOT NULL,
    -- SHA-256 of the secret: the secret itself is shown once and never stored
    secret_hash  text        NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_keys_by_user ON api_keys (user_id, created_at DESC);
