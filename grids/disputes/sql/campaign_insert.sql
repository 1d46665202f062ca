-- A screening campaign (集中排查).
INSERT INTO screening_campaign (name, starts_on, ends_on, area_codes, topics)
VALUES (%(name)s, %(starts_on)s, %(ends_on)s, %(area_codes)s, %(topics)s)
RETURNING id
