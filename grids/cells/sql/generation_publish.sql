-- Draft generation %(generation)s becomes published, in effect from %(effective_date)s, by the
-- session's operator (gis/sql/schema/013_audit.sql).
UPDATE generation SET published_at = now(), effective_date = %(effective_date)s, published_by = gridgov_operator()
WHERE id = %(generation)s
