"""Files in and out of the store, and the demo: ``boundaries/``, ``incidents/``, ``demo/``.

The modules at this level (the category and people files, the suffix check) are shared by the sub-packages
and import none of them. ``etl`` imports ``grids`` and ``gis``, never ``webmap``; nothing below imports it.
"""
