-- Migration %(version)s (%(name)s) applied, with the checksum of its file.
INSERT INTO schema_migration (version, name, checksum) VALUES (%(version)s, %(name)s, %(checksum)s)
