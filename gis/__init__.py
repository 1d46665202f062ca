"""The spatial engine: the database, its migrations, coordinate systems, validation and bulk loading.

pandas keeps its text columns as Python strings (its default without pyarrow). pyarrow is here for
its CSV writer (:mod:`gis.bulk`); with it installed, pandas 3 would store text in Arrow arrays and
convert on every access to a column's values, which made reading an incident file 40 % slower.
"""
import pandas as pd

pd.set_option("mode.string_storage", "python")
