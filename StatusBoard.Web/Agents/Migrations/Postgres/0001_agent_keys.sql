-- adopts engine 0001_initial.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
CREATE TABLE agent_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    region       TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_seen_at BIGINT
);

CREATE TABLE agent_batches (
    key_id      TEXT NOT NULL,
    id          TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    accepted    BIGINT NOT NULL,
    PRIMARY KEY (key_id, id)
);
