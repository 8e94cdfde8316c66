-- What each agent process said of itself in its last heartbeat: how far its clock is from the server's, and how its
-- buffer fares (results waiting, a full disk, a damaged file moved aside), shown in /ops/agents.
ALTER TABLE agent_heartbeats ADD COLUMN clock_skew_ms INTEGER;
ALTER TABLE agent_heartbeats ADD COLUMN buffer TEXT;
