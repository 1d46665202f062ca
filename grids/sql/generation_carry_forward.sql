-- Open a draft generation: every row valid in the current generation stays valid in the draft.
UPDATE cell SET generation_high = %(draft)s WHERE generation_high = %(current)s
