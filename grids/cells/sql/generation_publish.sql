-- Draft generation %(generation)s becomes published, in effect from %(effective_date)s.
UPDATE generation SET published_at = now(), effective_date = %(effective_date)s WHERE id = %(generation)s
