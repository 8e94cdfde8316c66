-- adopts engine 0012_cluster.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- The Data Protection key ring (sign-in cookies, antiforgery, probe secrets) when it is kept in the database.
CREATE TABLE data_protection_keys (
    name        TEXT PRIMARY KEY,
    xml         TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
