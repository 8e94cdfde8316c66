-- adopts engine 0001_initial.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    hash        TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
