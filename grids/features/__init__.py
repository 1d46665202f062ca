"""OGC API - Features over gridgov's store: the cells of a generation per level and the incidents.

Concept: a **collection** is what a GIS client (QGIS, OWSLib, ArcGIS) adds as one layer: ``districts`` …
``microgrids`` are the cells of one level valid in one published generation (the current one unless
asked), ``incidents`` the placed incidents without any personal field. Every answer is cut to a
**scope** (cell-code prefixes, as the web API's ``g.scope``; None: the whole store) and paged by
``limit``/``offset`` in a stable order (cell code, incident id), with the count of every match.

:mod:`grids.features.catalogue` names the collections, their filters and the two CRS;
:mod:`grids.features.items` runs the queries (``sql/``) and builds GeoJSON. Only :mod:`webmap.ogcapi`
knows HTTP. Decision and figures: ``docs/ogcapi.md``.
"""
