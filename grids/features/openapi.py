"""The API definition (OpenAPI 3.0) of ``/ogcapi``, which OGC API - Features Part 1 asks the landing page
to link (``service-desc``): the paths, their parameters and answers, per collection. Built from
:mod:`grids.features.catalogue`, so it cannot drift from what the views accept. Not a claim of the
optional ``oas30`` conformance class (no schema of each feature's properties is given).
"""
from grids.features import catalogue

OPENAPI_MIME = "application/vnd.oai.openapi+json;version=3.0"
_TEXT = {"type": "string"}
_WHOLE = {"type": "integer", "minimum": 0}


def _query(name, schema, description):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description,
            "style": "form", "explode": False}


COMMON = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 100}, "features per page"),
    _query("offset", _WHOLE, "features to skip (follow the `next` link instead)"),
    _query("bbox", {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
           "minlon,minlat,maxlon,maxlat (CRS84) or minlat,minlon,maxlat,maxlon (bbox-crs EPSG:4490)"),
    _query("bbox-crs", {"type": "string", "enum": list(catalogue.CRS_LIST)}, "the CRS of bbox"),
    _query("crs", {"type": "string", "enum": list(catalogue.CRS_LIST)}, "the CRS of the answer"),
    _query("datetime", _TEXT, "incidents: report time, an instant or an interval a/b (`..` open)"),
    _query("f", {"type": "string", "enum": ["geojson", "json"]}, "the media type of the answer"),
]


def document(base_url):
    """The OpenAPI 3.0 document of the API served at ``base_url`` (``…/ogcapi``)."""
    plain = {"200": {"description": "JSON", "content": {"application/json": {}}}}
    paths = {"/": {"get": {"summary": "landing page", "responses": plain}},
             "/conformance": {"get": {"summary": "conformance classes", "responses": plain}},
             "/collections": {"get": {"summary": "the collections", "responses": plain}}}
    for name, (level, title, description) in catalogue.COLLECTIONS.items():
        extra = [_query(f, _TEXT, "equal to this value") for f in catalogue.filters_of(name)]
        if level:
            extra.append(_query("generation", {"type": "integer", "minimum": 1},
                                "a published generation (default: the current one)"))
        features = {"200": {"description": "GeoJSON", "content": {"application/geo+json": {}}},
                    "400": {"description": "an unknown or malformed parameter"},
                    "401": {"description": "neither signed in nor a key with the features scope"}}
        paths[f"/collections/{name}"] = {"get": {"summary": title, "description": description, "responses": plain}}
        paths[f"/collections/{name}/items"] = {"get": {"summary": f"{title}: features",
                                                       "parameters": COMMON + extra, "responses": features}}
        paths[f"/collections/{name}/items/{{featureId}}"] = {"get": {
            "summary": f"{title}: one feature", "responses": features,
            "parameters": [{"name": "featureId", "in": "path", "required": True, "schema": _TEXT}]}}
    return {"openapi": "3.0.3",
            "info": {"title": "gridgov OGC API - Features", "version": "1.0"},
            "servers": [{"url": base_url}],
            "components": {"securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"}}},
            "security": [{"key": []}, {"bearer": []}, {"session": []}],
            "paths": paths}
