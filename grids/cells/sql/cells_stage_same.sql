-- Mark staged cells %(indexes)s as geometrically equal to the stored version.
UPDATE cell_stage SET same_geometry = true WHERE stage_index = ANY(%(indexes)s)
