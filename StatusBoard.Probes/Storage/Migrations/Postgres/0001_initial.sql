-- StatusBoard on PostgreSQL: the schema of SQLite migrations 0001-0011 in one script. Times are Unix milliseconds,
-- UTC, in BIGINT (as in SQLite, so the stores' SQL is the same); flags are 0 or 1.

-- Components and probes created through the API; those from configuration are not stored.
CREATE TABLE components (
    key         TEXT PRIMARY KEY,
    document    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE probes (
    key         TEXT PRIMARY KEY,
    document    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Raw results, kept for days (StatusBoard:Storage:RawRetention).
CREATE TABLE results (
    id          TEXT PRIMARY KEY,
    probe       TEXT NOT NULL,
    component   TEXT NOT NULL,
    region      TEXT NOT NULL,
    agent       TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    duration_ms DOUBLE PRECISION NOT NULL,
    outcome     TEXT NOT NULL,
    category    TEXT,
    http_status BIGINT,
    error_code  TEXT,
    message     TEXT NOT NULL,
    attempts    BIGINT NOT NULL,
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
    bucket      BIGINT NOT NULL,
    component   TEXT NOT NULL,
    total       BIGINT NOT NULL,
    up          BIGINT NOT NULL,
    degraded    BIGINT NOT NULL,
    down        BIGINT NOT NULL,
    latency_sum DOUBLE PRECISION NOT NULL,
    latency_max DOUBLE PRECISION NOT NULL,
    p50_ms      DOUBLE PRECISION NOT NULL,
    p95_ms      DOUBLE PRECISION NOT NULL,
    p99_ms      DOUBLE PRECISION NOT NULL,
    histogram   TEXT NOT NULL,
    categories  TEXT NOT NULL,
    PRIMARY KEY (grain, probe, region, bucket)
);
CREATE INDEX ix_rollups_bucket ON rollups (grain, bucket);
CREATE INDEX ix_rollups_day_totals ON rollups (bucket, component) INCLUDE (total, up, degraded) WHERE grain = 'day';

-- "I have a problem" reports from the public page. No personal data: the client is a salted hash.
CREATE TABLE user_reports (
    id          TEXT PRIMARY KEY,
    component   TEXT NOT NULL,
    symptom     TEXT NOT NULL,
    region      TEXT,
    app_version TEXT,
    text        TEXT,
    client_hash TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX ix_user_reports_time ON user_reports (created_at);

-- Incidents, kept whole as JSON documents with the columns lists and filters need.
CREATE TABLE incidents (
    id          TEXT PRIMARY KEY,
    component   TEXT NOT NULL,
    status      TEXT NOT NULL,
    automatic   BIGINT NOT NULL,
    started_at  BIGINT NOT NULL,
    resolved_at BIGINT,
    updated_at  BIGINT NOT NULL,
    document    TEXT NOT NULL
);
CREATE INDEX ix_incidents_open ON incidents (status, component);
CREATE INDEX ix_incidents_started ON incidents (started_at DESC);

-- Announced maintenance windows; ends_at of a recurring window is when its last occurrence ends.
CREATE TABLE maintenance (
    id          TEXT PRIMARY KEY,
    starts_at   BIGINT NOT NULL,
    ends_at     BIGINT NOT NULL,
    document    TEXT NOT NULL
);
CREATE INDEX ix_maintenance_ends ON maintenance (ends_at);

-- The notification outbox: one row per event and channel, delivered at least once.
CREATE TABLE notifications (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at    BIGINT,
    last_error      TEXT
);
CREATE INDEX ix_notifications_due ON notifications (delivered_at, next_attempt_at);

CREATE TABLE probe_pauses (
    probe       TEXT PRIMARY KEY,
    paused_by   TEXT NOT NULL,
    paused_at   BIGINT NOT NULL
);

CREATE TABLE notification_channels (
    name        TEXT PRIMARY KEY,
    document    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

