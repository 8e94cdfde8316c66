-- adopts engine 0001_initial.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    ended_at    BIGINT
);
CREATE INDEX ix_sessions_user ON sessions (user_id);
