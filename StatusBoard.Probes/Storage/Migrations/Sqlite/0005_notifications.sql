-- The notification outbox: one row per event and channel, written when the event happens and delivered at least
-- once; the id (event id + channel) keeps an event from being queued twice.
CREATE TABLE notifications (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT
);
CREATE INDEX ix_notifications_due ON notifications (delivered_at, next_attempt_at);
