-- Keys that read (issue 20, OGC API Features): a key now carries what it may do, `scopes`: 'intake'
-- (submit tickets to its channels and read their status: every key made before this migration) and/or
-- 'features' (read the cells and masked incidents of its cell_prefixes through /ogcapi, e.g. a GIS
-- office's QGIS). A key without 'intake' has no channels; one with 'intake' has at least one, as before.
ALTER TABLE api_key ADD COLUMN scopes text[] NOT NULL DEFAULT '{intake}'
    CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['intake', 'features']);
ALTER TABLE api_key DROP CONSTRAINT api_key_channels_check;
ALTER TABLE api_key ADD CONSTRAINT api_key_channels_check
    CHECK (channels <@ ARRAY['hotline', 'police110', 'patrol', 'app', 'petition', 'assigned']
           AND (cardinality(channels) > 0) = ('intake' = ANY (scopes)));
COMMENT ON COLUMN api_key.scopes IS 'What the key may do: intake (submit to its channels), features (read /ogcapi).';
