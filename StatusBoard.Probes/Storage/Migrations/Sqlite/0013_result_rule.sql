-- The row of the classification table that decided each result (status, error-code, not-json, …), shown in /ops.
ALTER TABLE results ADD COLUMN rule TEXT;
