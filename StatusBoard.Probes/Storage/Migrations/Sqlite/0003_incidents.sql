-- Incidents, kept whole as JSON documents with the columns lists and filters need.
CREATE TABLE incidents (
    id          TEXT PRIMARY KEY,
    component   TEXT NOT NULL,
    status      TEXT NOT NULL,
    automatic   INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    updated_at  INTEGER NOT NULL,
    document    TEXT NOT NULL
);
CREATE INDEX ix_incidents_open ON incidents (status, component);
CREATE INDEX ix_incidents_started ON incidents (started_at DESC);
