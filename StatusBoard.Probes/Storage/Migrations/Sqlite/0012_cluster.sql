-- Work that one node at a time does (the scheduler, the incident engine, notifications): whoever holds the lease and
-- renews it before expires_at; another node takes it once it has expired.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- Counts of changes to what nodes keep answers about (incidents): a kept answer is whole while its count is unchanged,
-- whichever node made the change.
CREATE TABLE change_counters (
    name        TEXT PRIMARY KEY,
    value       INTEGER NOT NULL
);

-- Agents' summaries of results they could not keep one by one (merged into the rollups once each), kept as long as
-- raw results so a summary sent again is known.
CREATE TABLE merged_summaries (
    id          TEXT PRIMARY KEY,
    minute      INTEGER NOT NULL
);
CREATE INDEX ix_merged_summaries_minute ON merged_summaries (minute);
