-- "I have a problem" reports from the public page. No personal data: the client is a salted hash.
CREATE TABLE user_reports (
    id          TEXT PRIMARY KEY,
    component   TEXT NOT NULL,
    symptom     TEXT NOT NULL,
    region      TEXT,
    app_version TEXT,
    text        TEXT,
    client_hash TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ix_user_reports_time ON user_reports (created_at);
