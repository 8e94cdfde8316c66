-- Recurring windows were stored with the end of their first occurrence and could age out of the schedule; ends_at is
-- now when the last occurrence ends. Those already stored are kept for good (their 'until' is read from the document).
UPDATE maintenance SET ends_at = 253402300799999
WHERE json_extract(document, '$.recurrence') IN ('daily', 'weekly', 'cron');
