-- Announced maintenance windows: components show under_maintenance and open no incident while one is in progress.
CREATE TABLE maintenance (
    id          TEXT PRIMARY KEY,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    document    TEXT NOT NULL
);
CREATE INDEX ix_maintenance_ends ON maintenance (ends_at);
