-- The 90-day bars sum runs per component and day: an index of the day rows that holds every column they read answers
-- them without touching the table (a year of 1,000 probe-region pairs is 365,000 day rows; minute and hour rows,
-- fourteen times as many, stay out of it).
CREATE INDEX ix_rollups_day_totals ON rollups (bucket, component, total, up, degraded) WHERE grain = 'day';
