-- The record of an incident import: its file, channel and report (JSON).
INSERT INTO incident_import (source, channel, summary) VALUES (%(source)s, %(channel)s, %(summary)s)
