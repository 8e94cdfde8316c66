-- A signed-in browser's session. Signing out ends it here, so a copy of its cookie is worth nothing afterwards.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX ix_sessions_user ON sessions (user_id);
