-- Probes an operator paused: not scheduled, not counted in health, shown as paused.
CREATE TABLE probe_pauses (
    probe       TEXT PRIMARY KEY,
    paused_by   TEXT NOT NULL,
    paused_at   INTEGER NOT NULL
);
