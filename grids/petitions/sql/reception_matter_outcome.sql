-- The outcome of case %(incident_id)s at reception day %(reception_day_id)s, written once.
UPDATE reception_matter SET outcome = %(outcome)s, outcome_note = %(note)s
WHERE reception_day_id = %(reception_day_id)s AND incident_id = %(incident_id)s AND outcome IS NULL
