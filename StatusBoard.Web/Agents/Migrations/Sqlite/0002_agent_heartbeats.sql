-- adopts engine 0012_cluster.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- Remote agents' heartbeats: one row per agent key and running agent process.
CREATE TABLE agent_heartbeats (
    key_id      TEXT NOT NULL,
    instance    TEXT NOT NULL,
    region      TEXT NOT NULL,
    seen_at     INTEGER NOT NULL,
    PRIMARY KEY (key_id, instance)
);
CREATE INDEX ix_agent_heartbeats_region ON agent_heartbeats (region, seen_at);
