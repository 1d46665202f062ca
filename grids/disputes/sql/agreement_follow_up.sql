-- The follow-up (履行回访) of agreement %(id)s: answered once.
UPDATE dispute_agreement SET performance = %(performance)s, followed_up_at = %(at)s, follow_up_note = %(note)s
WHERE id = %(id)s AND performance IS NULL
