-- One screening campaign.
SELECT id, name, starts_on, ends_on, area_codes, topics FROM screening_campaign WHERE id = %(id)s
