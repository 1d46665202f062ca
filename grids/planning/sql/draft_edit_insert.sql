-- Record one edit of the draft with the community's state before and after it.
INSERT INTO draft_edit (generation_id, community_code, edit, revision, by_account_id, reason, summary,
                        before, after)
VALUES (%(generation)s, %(community)s, %(edit)s, %(revision)s, %(by)s, %(reason)s, %(summary)s,
        %(before)s, %(after)s)
RETURNING id
