-- A citizen's suggestion (人民建议), maybe of campaign %(campaign_id)s.
INSERT INTO suggestion (campaign_id, body, submitter_name, submitter_phone, received_at, cell_code)
VALUES (%(campaign_id)s, %(body)s, %(submitter_name)s, %(submitter_phone)s, %(received_at)s, %(cell_code)s)
RETURNING id
