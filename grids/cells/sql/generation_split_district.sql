-- Leave in the new draft %(next)s what draft %(draft)s holds outside district %(district)s, before %(draft)s is
-- published with that district's changes alone. Rows it made elsewhere move to %(next)s; rows it ended
-- elsewhere (ended at %(draft)s - 1, the generation it was opened on) stay valid through %(draft)s and end
-- before %(next)s; the other districts' planning state, edits and code changes go with them. Moved first,
-- extended second: a code's ranges never overlap on the way.
UPDATE cell SET generation_low = %(next)s
WHERE generation_low = %(draft)s AND NOT starts_with(code, %(district)s);
UPDATE cell SET generation_high = %(draft)s
WHERE generation_high = %(draft)s - 1 AND NOT starts_with(code, %(district)s);
UPDATE draft_state SET generation_id = %(next)s WHERE generation_id = %(draft)s AND district_code <> %(district)s;
UPDATE draft_edit SET generation_id = %(next)s
WHERE generation_id = %(draft)s AND NOT starts_with(community_code, %(district)s);
UPDATE code_change SET generation_id = %(next)s
WHERE generation_id = %(draft)s AND NOT starts_with(community_code, %(district)s);
