-- adopts engine 0001_initial.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- E-mail addresses compare without regard to case, as SQLite's COLLATE NOCASE does.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT COLLATE nocase NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    stamp           TEXT NOT NULL,
    failed_count    BIGINT NOT NULL DEFAULT 0,
    locked_until    BIGINT,
    disabled        BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    last_sign_in_at BIGINT
);
