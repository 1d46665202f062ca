-- Fold the roll-up's deltas into one row per key (migrations 030, 031); the number of rows removed.
SELECT incident_rollup_compact()
