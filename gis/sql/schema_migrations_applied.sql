-- The migrations applied so far, with the checksum of each file as it was applied.
SELECT version, checksum FROM schema_migration
