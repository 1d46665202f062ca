-- Fold the roll-up's deltas into one row per key (migration 030); the number of rows removed.
SELECT incident_rollup_compact()
