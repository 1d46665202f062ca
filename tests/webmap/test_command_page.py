"""The command page without a browser: offline HTML (no host but the app), vendored files present, basemaps."""
import json
import re
import subprocess
from pathlib import Path

import pytest

from gis import crs
from tests.webmap.mbtiles import write_mbtiles
from webmap import create_app, maps
from webmap.command import page

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+(?::\d+)?""")
NAMESPACES = ("//www.w3.org",)          # XML namespaces in strings are identifiers, not requests


@pytest.fixture
def app():
    return create_app({"SECRET_KEY": "test", "TESTING": True, "GRIDGOV_BASEMAP": "none"})


def _render(app, **config):
    app.config.update(config)
    with app.test_request_context("/command"):
        return page.__wrapped__()           # the view behind the sign-in gate: no account needed here


def test_the_page_names_no_other_host(app):
    html = _render(app)
    hosts = [m for m in URL.findall(html) if not m.startswith(NAMESPACES)]
    assert hosts == []
    assert "cdn" not in html.lower()


def test_every_script_and_stylesheet_is_ours_and_exists(app):
    html = _render(app)
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    local = [r for r in refs if r.startswith("/static/")]
    assert {"/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
            "/static/vendor/leaflet.heat/leaflet-heat.js", "/static/js/command.js"} <= set(local)
    for ref in local:
        assert (ROOT / ref.lstrip("/")).is_file(), ref
    assert all(r.startswith(("/static/", "/logout", "/desk", "data:")) for r in refs), refs   # /desk: the workbench link
    for name in ("leaflet/LICENSE", "leaflet.heat/LICENSE", "README.md"):
        assert (ROOT / "static" / "vendor" / name).is_file()


def test_our_scripts_and_styles_load_nothing_from_elsewhere():
    for path in [*ROOT.glob("static/js/*.js"), *ROOT.glob("static/css/*.css")]:
        text = path.read_text(encoding="utf-8")
        assert not [m for m in URL.findall(text) if not m.startswith(NAMESPACES)], path
        assert "@import" not in text and "@font-face" not in text, path


def test_user_text_is_never_raw_html():
    script = (ROOT / "static/js/command.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script


def test_no_basemap_by_default_and_a_url_template_when_asked(app):
    assert "L.tileLayer" not in _render(app)
    html = _render(app, GRIDGOV_BASEMAP="http://tiles.intranet.local/{z}/{x}/{y}.png", GRIDGOV_BASEMAP_GCJ02="1")
    assert "http://tiles.intranet.local/{z}/{x}/{y}.png" in html
    assert '"gcj02": true' in html


@pytest.mark.parametrize("source, kind, url", [
    ("none", "none", None),
    ("", "none", None),
    ("https://t0.example/{z}/{x}/{y}.png", "url", "https://t0.example/{z}/{x}/{y}.png"),
])
def test_basemap_settings(source, kind, url):
    basemap = maps.basemap_from({"GRIDGOV_BASEMAP": source})
    assert (basemap.kind, basemap.tile_url) == (kind, url)


def test_a_local_tile_folder_is_served_under_tiles(tmp_path, app):
    (tmp_path / "3" / "6").mkdir(parents=True)
    (tmp_path / "3" / "6" / "2.png").write_bytes(b"\x89PNG tile")
    basemap = maps.basemap_from({"GRIDGOV_BASEMAP": str(tmp_path)})
    assert (basemap.kind, basemap.tile_url) == ("folder", "/tiles/{z}/{x}/{y}")
    assert maps.read_tile(basemap, 3, 6, 2) == b"\x89PNG tile"
    assert maps.read_tile(basemap, 3, 6, 1) is None


def test_an_mbtiles_file_is_read_with_its_rows_flipped(tmp_path):
    path = tmp_path / "laoshan.mbtiles"
    write_mbtiles(path, [(3, 6, 5, b"\x89PNG tms row 5")])     # TMS row 5 of zoom 3 is XYZ row 8 - 1 - 5 = 2
    basemap = maps.basemap_from({"GRIDGOV_BASEMAP": str(path)})
    assert (basemap.kind, basemap.tile_url, basemap.attribution) == ("mbtiles", "/tiles/{z}/{x}/{y}", "laoshan.mbtiles")
    assert maps.read_tile(basemap, 3, 6, 2) == b"\x89PNG tms row 5"
    assert maps.read_tile(basemap, 3, 6, 5) is None


def test_an_unknown_basemap_setting_is_refused(tmp_path):
    with pytest.raises(ValueError, match="GRIDGOV_BASEMAP"):
        maps.basemap_from({"GRIDGOV_BASEMAP": str(tmp_path / "missing")})


def test_the_pages_gcj02_shift_agrees_with_gis_crs():          # node: installed by scripts/install.sh
    points = [(120.45, 36.07), (116.397, 39.909), (121.47, 31.23), (2.35, 48.85)]   # Paris: no shift
    script = ("global.window = {}; require(%s); console.log(JSON.stringify(%s.map(p => "
              "window.GridgovGcj02.toGcj02(p[1], p[0]))))") % (json.dumps(str(ROOT / "static/js/gcj02.js")),
                                                               json.dumps(points))
    shifted = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    for (lon, lat), (js_lat, js_lon) in zip(points, shifted):
        py_lon, py_lat = crs.wgs84_to_gcj02(lon, lat)
        assert abs(js_lon - py_lon) < 1e-7 and abs(js_lat - py_lat) < 1e-7


def test_tianditu_draws_its_map_and_its_labels_from_eight_hosts_with_the_key(app):
    html = _render(app, GRIDGOV_BASEMAP="tianditu:img", GRIDGOV_TIANDITU_TOKEN="a-tianditu-key")
    html = html.replace("\\u0026", "&")                      # folium writes the URL as a JSON string
    assert "https://t{s}.tianditu.gov.cn/DataServer?T=img_w&X={x}&Y={y}&L={z}&tk=a-tianditu-key" in html
    assert "https://t{s}.tianditu.gov.cn/DataServer?T=cia_w&X={x}&Y={y}&L={z}&tk=a-tianditu-key" in html
    assert html.count('"subdomains": "01234567"') == 2 and '"gcj02": false' in html


@pytest.mark.parametrize("config, message", [
    ({"GRIDGOV_BASEMAP": "tianditu:vec"}, "needs GRIDGOV_TIANDITU_TOKEN"),
    ({"GRIDGOV_BASEMAP": "tianditu:road", "GRIDGOV_TIANDITU_TOKEN": "k"}, "not a Tianditu layer"),
])
def test_a_tianditu_basemap_without_its_key_or_layer_is_refused(monkeypatch, config, message):
    monkeypatch.delenv("GRIDGOV_TIANDITU_TOKEN", raising=False)
    with pytest.raises(ValueError, match=message):
        maps.basemap_from(config)


def test_a_drawing_on_a_gcj02_basemap_comes_back_to_wgs84_exactly():   # the planner's splits and reshapes
    points = [(120.45, 36.07), (116.397, 39.909), (121.47, 31.23), (2.35, 48.85)]
    script = ("global.window = {}; require(%s); const G = window.GridgovGcj02;"
              "const shifted = %s.map(p => { const g = G.toGcj02(p[1], p[0]); return [g[1], g[0]]; });"
              "console.log(JSON.stringify(G.geometryFromGcj02({type: 'LineString', coordinates: shifted})))"
              ) % (json.dumps(str(ROOT / "static/js/gcj02.js")), json.dumps(points))
    back = json.loads(subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout)
    assert back["type"] == "LineString"
    for (lon, lat), (js_lon, js_lat) in zip(points, back["coordinates"]):
        assert abs(js_lon - lon) < 1e-8 and abs(js_lat - lat) < 1e-8            # ~1 mm; one step was 1-2 m


def test_the_planner_page_knows_its_basemap_is_gcj02(app):
    from webmap.planner import page as planner_page

    app.config.update(GRIDGOV_BASEMAP="http://tiles.intranet.local/amap/{z}/{x}/{y}.png", GRIDGOV_BASEMAP_GCJ02="1")
    with app.test_request_context("/planner?community=370212001001"):
        html = planner_page.__wrapped__()
    assert '"gcj02": true' in html
    script = (ROOT / "static/js/planner-map.js").read_text()
    assert script.count("coordsToLatLng: this.coordsToLatLng") + script.count("coordsToLatLng: self.coordsToLatLng") == 4
    assert script.count("toStore(") == 2       # the drawn line or polygon and the reshaped grid go back to WGS 84
