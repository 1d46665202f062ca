"""Vector files out: the format by suffix, Shapefile field names cut to the DBF's 10 bytes without
two columns ending on one name, and a refusal naming the file for an unknown suffix."""
import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import Point

from gis.errors import InputFileError
from gis.vectorfiles import vector_file_bytes, write_vector_file


def _frame(**columns):
    return gpd.GeoDataFrame(columns, geometry=[Point(120.4, 36.1)], crs="EPSG:4490")


def test_long_field_names_are_cut_for_a_shapefile_and_read_back(tmp_path):
    write_vector_file(_frame(parent_code=["370212001"], 名称=["中韩街道"]), tmp_path / "cells.shp", layer=None)
    frame = pyogrio.read_dataframe(tmp_path / "cells.shp")
    assert list(frame.columns) == ["parent_cod", "名称", "geometry"]
    assert frame.loc[0, "名称"] == "中韩街道" and frame.crs.to_epsg() == 4490


@pytest.mark.filterwarnings("ignore:Normalized/laundered field name")
def test_a_cut_name_never_replaces_another_column(tmp_path):
    write_vector_file(_frame(parent_cod=["a"], parent_code=["b"]), tmp_path / "cells.shp", layer=None)
    frame = pyogrio.read_dataframe(tmp_path / "cells.shp")
    assert frame.loc[0, "parent_cod"] == "a" and "b" in set(frame.iloc[0])   # GDAL renamed the second


def test_bytes_for_a_download_are_the_file(tmp_path):
    data = vector_file_bytes(_frame(code=["1"]), "grids.gpkg", layer="grid")
    (tmp_path / "grids.gpkg").write_bytes(data)
    assert pyogrio.list_layers(tmp_path / "grids.gpkg")[0][0] == "grid"


def test_an_unknown_format_is_refused_naming_the_file(tmp_path):
    with pytest.raises(InputFileError, match="cannot export to .kml") as refused:
        write_vector_file(_frame(code=["1"]), tmp_path / "cells.kml", layer=None)
    assert "cells.kml" in str(refused.value)
