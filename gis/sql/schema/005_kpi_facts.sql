-- Everything the KPI and load queries read of an incident, in one index by report time: a year of a million
-- incidents is then an index-only scan of ~150 MB instead of the 700 MB table (descriptions, addresses,
-- geometry, attributes). Case transitions update these columns, so they are not HOT updates; a
-- transition still takes ~2.5 ms (docs/benchmarks.md).
CREATE INDEX incident_kpi_facts ON incident (reported_at) INCLUDE (
    district_code, street_code, community_code, grid_code, microgrid_code, channel, handler_person_id, status,
    handler_level, rating, repeat_of, responded_at, deadline, clock_paused_at, closed_at);
