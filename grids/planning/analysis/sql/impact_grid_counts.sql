-- Per stored grid code: the incidents grids/cases/workload.py counts for it (load_members.sql), as stored — the
-- intake from %(months_from)s to %(now)s (rejected and void left out; an index-only scan of
-- incident_kpi_facts) and the open cases held by grid members (through the partial index
-- incident_handler_open), weighted severity × lateness at %(now)s (open_weight.sql: the
-- weights of grids/cases/workload.py).
WITH intake AS (
    SELECT grid_code, count(*) AS incidents
    FROM incident
    WHERE reported_at >= %(months_from)s AND reported_at < %(now)s
      AND status NOT IN ('rejected', 'void') AND grid_code IS NOT NULL
    GROUP BY grid_code
),
open_work AS (
    SELECT i.grid_code, sum({open_weight}) AS open_weighted
    FROM incident i
    WHERE i.status IN ('dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended')
      AND i.handler_person_id IN (SELECT id FROM person WHERE role = 'grid_member')
      AND i.grid_code IS NOT NULL
    GROUP BY i.grid_code
)
SELECT coalesce(n.grid_code, o.grid_code) AS grid_code, coalesce(n.incidents, 0) AS incidents,
       coalesce(o.open_weighted, 0) AS open_weighted
FROM intake n
FULL JOIN open_work o ON o.grid_code = n.grid_code
