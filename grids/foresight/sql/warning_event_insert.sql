-- One line of a warning's history (append-only).
INSERT INTO early_warning_event (warning_id, action, from_status, to_status, by_person_id, at, reason, details)
VALUES (%(id)s, %(action)s, %(from_status)s, %(to_status)s, %(by)s, %(at)s, %(reason)s, %(details)s)
