-- How many categories are stored.
SELECT count(*) FROM category
