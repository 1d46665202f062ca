-- Which of the category codes %(codes)s exist.
SELECT code FROM category WHERE code = ANY(%(codes)s)
