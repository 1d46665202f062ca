-- A proxy agent (信访代理员): code, name, phone, level, area_code, person_id.
INSERT INTO proxy_agent (code, name, phone, level, area_code, person_id)
VALUES (%(code)s, %(name)s, %(phone)s, %(level)s, %(area_code)s, %(person_id)s)
RETURNING id
