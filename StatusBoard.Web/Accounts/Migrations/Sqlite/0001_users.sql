-- adopts engine 0006_users_and_pauses.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- People who sign in to /ops and /reports. The password is an ASP.NET Core Identity PasswordHasher hash; the stamp
-- changes with the password, role or disabled flag, which ends the user's sessions.
CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    stamp           TEXT NOT NULL,
    failed_count    INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER,
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    last_sign_in_at INTEGER
);
