-- One step of the planning workflow, appended to the log.
INSERT INTO planning_log (generation_id, action, by_account_id, by_username, revision, details)
VALUES (%(generation)s, %(action)s, %(by)s, %(username)s, %(revision)s, %(details)s)
