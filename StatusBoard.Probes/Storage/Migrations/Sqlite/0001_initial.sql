-- Components and probes created through the API; those from configuration are not stored.
CREATE TABLE components (
    key         TEXT PRIMARY KEY,
    document    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE probes (
    key         TEXT PRIMARY KEY,
    document    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Raw results, kept for days (StatusBoard:Storage:RawRetention). Times are Unix milliseconds, UTC.
CREATE TABLE results (
    id          TEXT PRIMARY KEY,
    probe       TEXT NOT NULL,
    component   TEXT NOT NULL,
    region      TEXT NOT NULL,
    agent       TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    outcome     TEXT NOT NULL,
    category    TEXT,
    http_status INTEGER,
    error_code  TEXT,
    message     TEXT NOT NULL,
    attempts    INTEGER NOT NULL,
    transport   TEXT NOT NULL,
    conditions  TEXT NOT NULL,
    phases      TEXT,
    excerpt     TEXT
);
CREATE INDEX ix_results_probe_region_time ON results (probe, region, started_at DESC);
CREATE INDEX ix_results_time ON results (started_at DESC);

-- Per minute / hour / day aggregates that pages and APIs read instead of raw rows.
CREATE TABLE rollups (
    grain       TEXT NOT NULL,
    probe       TEXT NOT NULL,
    region      TEXT NOT NULL,
    bucket      INTEGER NOT NULL,
    component   TEXT NOT NULL,
    total       INTEGER NOT NULL,
    up          INTEGER NOT NULL,
    degraded    INTEGER NOT NULL,
    down        INTEGER NOT NULL,
    latency_sum REAL NOT NULL,
    latency_max REAL NOT NULL,
    p50_ms      REAL NOT NULL,
    p95_ms      REAL NOT NULL,
    p99_ms      REAL NOT NULL,
    histogram   TEXT NOT NULL,
    categories  TEXT NOT NULL,
    PRIMARY KEY (grain, probe, region, bucket)
);
CREATE INDEX ix_rollups_bucket ON rollups (grain, bucket);

