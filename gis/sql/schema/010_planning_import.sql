-- A boundary import into the draft planners work on is a step of their log too (grids.drafts.record_import):
-- it counts as a new revision, so a page still showing the old one gets a conflict on its next save.
ALTER TABLE planning_log DROP CONSTRAINT planning_log_action_check;
ALTER TABLE planning_log ADD CONSTRAINT planning_log_action_check
    CHECK (action IN ('edit', 'undo', 'redo', 'submit', 'approve', 'publish', 'discard', 'import'));
