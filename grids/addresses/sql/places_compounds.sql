-- The compound names of the address register.
SELECT DISTINCT compound FROM standard_address WHERE compound IS NOT NULL
