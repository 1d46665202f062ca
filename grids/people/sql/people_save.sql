-- Insert a person or update one (by id); a masked phone (137****5678, from our own export) keeps
-- the stored number. Returns the id and whether the row is new.
INSERT INTO person AS p (id, code, name, phone, role)
VALUES (coalesce(%(id)s, nextval('person_id_seq')), %(code)s, %(name)s, %(phone)s, %(role)s)
ON CONFLICT (id) DO UPDATE SET
    code = EXCLUDED.code, name = EXCLUDED.name, role = EXCLUDED.role, updated_at = now(),
    phone = CASE WHEN EXCLUDED.phone LIKE '%%*%%' THEN p.phone ELSE EXCLUDED.phone END
RETURNING id, (xmax = 0) AS added
