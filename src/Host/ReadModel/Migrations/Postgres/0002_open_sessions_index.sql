-- The sessions not yet ended, which one node lists every Signaling:Sessions:WakeInterval to start those
-- that are not running; without it that listing reads the whole history.
CREATE INDEX ix_session_history_open ON session_history (started_at) WHERE ended_at IS NULL;
