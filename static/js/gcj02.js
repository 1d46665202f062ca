/* WGS 84 / CGCS2000 → GCJ-02, for overlays drawn over an Amap/Gaode (GCJ-02) basemap.
   The published "eviltransform" approximation (krasovsky ellipsoid), good to about a metre; outside
   China the offset is zero. The authoritative conversions, both ways and tested, are in gis/crs.py:
   this one only moves what the page draws when GRIDGOV_BASEMAP_GCJ02 is set. */
(function (global) {
  'use strict';
  var A = 6378245.0, EE = 0.00669342162296594323;
  function outside(lat, lon) { return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271; }
  function tLat(x, y) {
    var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
    r += (20 * Math.sin(y * Math.PI) + 40 * Math.sin(y / 3 * Math.PI)) * 2 / 3;
    r += (160 * Math.sin(y / 12 * Math.PI) + 320 * Math.sin(y * Math.PI / 30)) * 2 / 3;
    return r;
  }
  function tLon(x, y) {
    var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2 / 3;
    r += (20 * Math.sin(x * Math.PI) + 40 * Math.sin(x / 3 * Math.PI)) * 2 / 3;
    r += (150 * Math.sin(x / 12 * Math.PI) + 300 * Math.sin(x / 30 * Math.PI)) * 2 / 3;
    return r;
  }
  /** [lat, lon] in WGS 84 → [lat, lon] in GCJ-02. */
  function toGcj02(lat, lon) {
    if (outside(lat, lon)) return [lat, lon];
    var dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
    var rad = lat / 180 * Math.PI, magic = 1 - EE * Math.pow(Math.sin(rad), 2), s = Math.sqrt(magic);
    dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * s) * Math.PI);
    dLon = (dLon * 180) / (A / s * Math.cos(rad) * Math.PI);
    return [lat + dLat, lon + dLon];
  }
  /** [lat, lon] in GCJ-02 → WGS 84 (one fixed-point step: enough to build a query bbox). */
  function fromGcj02(lat, lon) {
    var g = toGcj02(lat, lon);
    return [lat - (g[0] - lat), lon - (g[1] - lon)];
  }
  global.GridgovGcj02 = { toGcj02: toGcj02, fromGcj02: fromGcj02 };
})(window);
