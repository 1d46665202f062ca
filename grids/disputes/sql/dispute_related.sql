-- What hangs on dispute %(id)s, each as a JSON list: its mediators, its 五员 team, sessions, agreements,
-- hand-overs, linked 110 calls; and how many parties it has (their data is read by parties_of.sql only).
SELECT
    (SELECT count(*) FROM dispute_party p WHERE p.incident_id = %(id)s) AS party_count,
    coalesce((SELECT json_agg(json_build_object('id', m.id, 'code', m.code, 'name', m.name, 'org_id', m.org_id,
                                                'lead', dm.lead) ORDER BY dm.lead DESC, m.name)
              FROM dispute_mediator dm JOIN mediator m ON m.id = dm.mediator_id
              WHERE dm.incident_id = %(id)s), '[]') AS mediators,
    coalesce((SELECT json_agg(json_build_object('role', t.role, 'name', t.name, 'person_id', t.person_id,
                                                'mediator_id', t.mediator_id)
                              ORDER BY array_position(ARRAY['lead', 'police', 'mediator', 'cadre', 'grid_member'],
                                                      t.role))
              FROM dispute_team t WHERE t.incident_id = %(id)s), '[]') AS team,
    coalesce((SELECT json_agg(json_build_object('id', s.id, 'held_at', s.held_at, 'place', s.place,
                                                'attendees', s.attendees, 'notes', s.notes) ORDER BY s.held_at, s.id)
              FROM dispute_session s WHERE s.incident_id = %(id)s), '[]') AS sessions,
    coalesce((SELECT json_agg(json_build_object('id', a.id, 'signed_at', a.signed_at, 'terms', a.terms,
                                                'amount', a.amount, 'deadline', a.deadline,
                                                'judicial_confirmation', a.judicial_confirmation,
                                                'performance', a.performance, 'followed_up_at', a.followed_up_at,
                                                'follow_up_note', a.follow_up_note) ORDER BY a.signed_at, a.id)
              FROM dispute_agreement a WHERE a.incident_id = %(id)s), '[]') AS agreements,
    coalesce((SELECT json_agg(json_build_object('id', h.id, 'handed_at', h.handed_at, 'target', h.target,
                                                'body', h.body, 'reference', h.reference, 'reason', h.reason)
                              ORDER BY h.handed_at, h.id)
              FROM dispute_handover h WHERE h.incident_id = %(id)s), '[]') AS handovers,
    coalesce((SELECT json_agg(json_build_object('id', i.id, 'source_ref', i.source_ref,
                                                'reported_at', i.reported_at, 'microgrid_code', i.microgrid_code)
                              ORDER BY i.reported_at, i.id)
              FROM dispute_call c JOIN incident i ON i.id = c.call_incident_id
              WHERE c.incident_id = %(id)s), '[]') AS calls
