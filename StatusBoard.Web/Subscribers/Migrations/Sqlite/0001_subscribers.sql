-- adopts engine 0015_subscribers.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- Wallet users (an e-mail address) and programs (a webhook URL) told of incidents and maintenance on the components they
-- chose. An e-mail subscriber hears nothing but the confirmation until confirmed_at is set (double opt-in); the token
-- is the secret their links carry to confirm and to unsubscribe. Nothing here is ever shown on a public page.
CREATE TABLE subscribers (
    id                   TEXT PRIMARY KEY,
    kind                 TEXT NOT NULL,
    address              TEXT NOT NULL,
    components           TEXT NOT NULL,
    lang                 TEXT NOT NULL,
    token                TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    confirmation_sent_at INTEGER,
    confirmed_at         INTEGER
);
CREATE UNIQUE INDEX ux_subscribers_address ON subscribers (kind, address);
CREATE INDEX ix_subscribers_confirmed ON subscribers (confirmed_at);
