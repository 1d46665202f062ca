-- The record of a boundary import: its generation, file, level and report (JSON).
INSERT INTO boundary_import (generation_id, source, level, summary) VALUES (%(generation)s, %(source)s, %(level)s, %(summary)s)
