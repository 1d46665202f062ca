-- The response (响应) to call %(id)s: when, by which agent, a note; written once.
UPDATE proxy_call SET responded_at = %(responded_at)s, responded_by_agent_id = %(agent_id)s,
                      response_note = %(note)s
WHERE id = %(id)s AND responded_at IS NULL
