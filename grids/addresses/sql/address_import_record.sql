-- Record one import of a register or gazetteer file; its id marks what it replaced.
INSERT INTO address_import (what, source, summary) VALUES (%(what)s, %(source)s, %(summary)s)
RETURNING id
