-- Time limits as offices count them, continued (issue 14; 015 added incident.limit_workdays and is
-- applied, so it cannot change): a category's limit may be working days (工作日) instead of hours, and a
-- ticket's own 办理时限 is read once, at import, into columns of its incident — a duration in hours or in
-- working days, or an absolute deadline (办结时限 2026-03-01 18:00) read in the file's time zone. Each
-- holds at most one kind. grids/cases/time_limits.py starts a case's clock with the ticket's own limit,
-- else its category's (docs/cases.md, "Time limits"). No new table: the app role's grants on category
-- and incident cover the new columns.
ALTER TABLE category
    ADD COLUMN time_limit_workdays real CHECK (time_limit_workdays > 0),
    ADD CONSTRAINT category_one_limit CHECK (time_limit_hours IS NULL OR time_limit_workdays IS NULL);

ALTER TABLE incident
    ADD COLUMN own_limit_hours real CHECK (own_limit_hours > 0),
    ADD COLUMN own_limit_workdays real CHECK (own_limit_workdays > 0),
    ADD COLUMN own_deadline timestamptz,
    ADD CONSTRAINT incident_one_own_limit CHECK (num_nonnulls(own_limit_hours, own_limit_workdays, own_deadline) <= 1);
