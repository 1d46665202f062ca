-- Time limits in working days (issue 14): a ticket's own limit such as "3个工作日" counts only the days
-- the official calendar makes working days (holidays off, 调休 weekend days on). limit_workdays is set
-- while such a clock runs (time_limit_hours then holds the nominal 24 h per working day); NULL: the limit
-- is wall-clock hours, as every category limit is (grids/cases/time_limits.py, docs/cases.md).
ALTER TABLE incident ADD COLUMN limit_workdays real CHECK (limit_workdays > 0);
