-- Every category code.
SELECT code FROM category
