-- The joint mediation case (联动联调) the three-calls rule opens: a case of its own, placed where the call
-- that tripped the rule (%(call)s) was, reported at %(now)s.
INSERT INTO incident (channel, source_ref, reported_at, category_code, category_text, title, description, address,
                      geom, generation_id, district_code, street_code, community_code, grid_code, microgrid_code,
                      placement_method, placement_level, placement_confidence, attributes, content_hash)
SELECT 'police110', %(ref)s, %(now)s, i.category_code, i.category_text, %(title)s, %(description)s, i.address,
       i.geom, i.generation_id, i.district_code, i.street_code, i.community_code, i.grid_code, i.microgrid_code,
       i.placement_method, i.placement_level, i.placement_confidence, %(attributes)s, md5(%(ref)s)
FROM incident i WHERE i.id = %(call)s
RETURNING id, category_code, street_code, community_code, grid_code
