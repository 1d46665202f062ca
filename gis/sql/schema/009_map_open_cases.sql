-- The command map's case layer asks for the open cases (those past their deadline or supervised, or
-- every open one) newest first, whenever they came in. Open cases are a small share of all incidents
-- (about 4,700 of a million in the synthetic city's year), so a partial index finds them without reading
-- the table: 0.5 s → a few milliseconds (docs/benchmarks.md). grids/sql/map_filters.sql writes the
-- status filter so that the planner sees it implies this predicate.
CREATE INDEX incident_open ON incident (reported_at)
    WHERE status IN ('reported', 'accepted', 'dispatched', 'in_progress', 'handled', 'rework', 'suspended', 'extended');
