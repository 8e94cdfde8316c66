-- adopts engine 0010_sessions.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- A signed-in browser's session. Signing out ends it here, so a copy of its cookie is worth nothing afterwards.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX ix_sessions_user ON sessions (user_id);
