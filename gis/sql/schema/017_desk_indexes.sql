-- The workbench's queries (grids/desk/sql): the cases waiting in a tab are a small share of a year's
-- incidents, so each tab's rows are found through a partial index rather than a scan of the table.
-- Closed cases waiting for their call-back, newest closing first (the 待回访 tab and the call list):
CREATE INDEX incident_closed_waiting ON incident (closed_at DESC) WHERE status = 'closed';
-- Every state a desk tab holds, for the tab counts and the other tabs:
CREATE INDEX incident_desk_states ON incident (status)
    WHERE status IN ('reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'rework', 'suspended',
                     'extended', 'closed');
