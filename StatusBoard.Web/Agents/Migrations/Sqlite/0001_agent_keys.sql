-- adopts engine 0011_agent_keys.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- Keys of remote probe agents, each scoped to one region; stored hashed, shown once.
CREATE TABLE agent_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_seen_at INTEGER
);

-- Result batches an agent delivered: a batch sent again is answered as before, and stored once.
CREATE TABLE agent_batches (
    key_id TEXT NOT NULL,
    id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    accepted INTEGER NOT NULL,
    PRIMARY KEY (key_id, id)
);
