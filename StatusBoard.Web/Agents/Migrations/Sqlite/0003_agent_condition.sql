-- adopts engine 0014_agent_condition.sql: a database that applied it before the tables were handed to their features (engine 0016)
-- has what this script makes, and records this script without running it.
-- What each agent process said of itself in its last heartbeat: how far its clock is from the server's, and how its
-- buffer fares (results waiting, a full disk, a damaged file moved aside), shown in /ops/agents.
ALTER TABLE agent_heartbeats ADD COLUMN clock_skew_ms INTEGER;
ALTER TABLE agent_heartbeats ADD COLUMN buffer TEXT;
