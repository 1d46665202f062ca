-- How many sessions of dispute %(id)s were held by %(now)s.
SELECT count(*) FROM dispute_session WHERE incident_id = %(id)s AND held_at <= %(now)s
