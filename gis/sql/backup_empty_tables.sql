-- The tables a restore loads, emptied of the rows the migrations seeded.
TRUNCATE {tables}
