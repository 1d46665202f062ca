-- Drop district %(district)s's part of draft %(draft)s: its rows born in the draft go, its rows the draft
-- ended are open again, its planners' state, edits and code changes go; the other districts' work stays.
DELETE FROM cell WHERE generation_low = %(draft)s AND starts_with(code, %(district)s);
UPDATE cell SET generation_high = NULL WHERE generation_high = %(draft)s - 1 AND starts_with(code, %(district)s);
DELETE FROM draft_state WHERE generation_id = %(draft)s AND district_code = %(district)s;
DELETE FROM draft_edit WHERE generation_id = %(draft)s AND starts_with(community_code, %(district)s);
DELETE FROM code_change WHERE generation_id = %(draft)s AND starts_with(community_code, %(district)s);
