-- Give staged cells new codes (%(codes)s) and keep the code they came with in their attributes
-- (old_code: ten letters at most, as a Shapefile field name keeps), so the old code can still be
-- looked up and a re-import finds the same new code.
UPDATE cell_stage s
   SET code = v.code, attributes = s.attributes || jsonb_build_object('old_code', v.old_code)
  FROM unnest(%(indexes)s::int[], %(codes)s::text[], %(old_codes)s::text[]) AS v(stage_index, code, old_code)
 WHERE s.stage_index = v.stage_index
