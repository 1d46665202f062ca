-- Register, replace or (with NULLs) remove a key's webhook. A first registration pushes the case events
-- after this moment (the floor: the newest case_event id now); a replaced URL keeps the floor, so no
-- change waiting between the two is lost.
UPDATE api_key SET webhook_url = %(url)s, webhook_secret = %(secret)s,
       webhook_event_floor = CASE WHEN webhook_url IS NULL
                                  THEN (SELECT coalesce(max(id), 0) FROM case_event)
                                  ELSE webhook_event_floor END
WHERE name = %(name)s AND revoked_at IS NULL
RETURNING id
