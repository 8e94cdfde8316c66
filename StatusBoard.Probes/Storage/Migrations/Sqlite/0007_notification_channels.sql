-- Notification channels that admins add in /ops (those of configuration are not stored).
CREATE TABLE notification_channels (
    name        TEXT PRIMARY KEY,
    document    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
