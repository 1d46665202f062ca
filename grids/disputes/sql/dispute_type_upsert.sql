-- Add a dispute type or rename, move or (de)activate one.
INSERT INTO dispute_type (code, name, category_code, position, active)
VALUES (%(code)s, %(name)s, %(category_code)s, %(position)s, %(active)s)
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, category_code = EXCLUDED.category_code,
    position = EXCLUDED.position, active = EXCLUDED.active
