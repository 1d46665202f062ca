-- Every key with its scope, state, webhook and how many tickets it submitted (never a token: none is kept).
SELECT k.id, k.name, k.channels, k.cell_prefixes, k.scopes, k.created_at, k.created_by, k.revoked_at, k.revoked_by,
       k.webhook_url, (SELECT count(*) FROM api_ticket t WHERE t.key_id = k.id) AS tickets,
       (SELECT count(*) FROM api_webhook_outbox o WHERE o.key_id = k.id AND o.delivered_at IS NULL
                                                    AND o.gave_up_at IS NULL) AS pushes_waiting
FROM api_key k
ORDER BY k.name
