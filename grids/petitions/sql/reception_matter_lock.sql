-- Case %(incident_id)s as brought to reception day %(reception_day_id)s, locked.
SELECT * FROM reception_matter
WHERE reception_day_id = %(reception_day_id)s AND incident_id = %(incident_id)s
FOR UPDATE
