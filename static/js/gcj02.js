/* WGS 84 / CGCS2000 ⇄ GCJ-02, for overlays drawn over an Amap/Gaode (GCJ-02) basemap and for what a
   user clicks or draws on one. The forward formula is the published one (krasovsky ellipsoid); the way
   back has no closed form and is solved by fixed-point iteration to 1e-9° (0.1 mm), as gis/crs.py does
   — the planner's edits snap to neighbours drawn shifted, so the way back must be exact, not the
   one-step approximation (1–2 m off). Outside China the offset is zero. */
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
  /** [lat, lon] in GCJ-02 → WGS 84, by fixed-point iteration (converges in 3-5 steps). */
  function fromGcj02(lat, lon) {
    var wLat = lat, wLon = lon;
    for (var i = 0; i < 20; i++) {
      var g = toGcj02(wLat, wLon), dLat = g[0] - lat, dLon = g[1] - lon;
      wLat -= dLat; wLon -= dLon;
      if (Math.abs(dLat) < 1e-9 && Math.abs(dLon) < 1e-9) break;
    }
    return [wLat, wLon];
  }
  /** A GeoJSON geometry drawn on a GCJ-02 basemap, its [lon, lat] coordinates moved back to WGS 84. */
  function geometryFromGcj02(geometry) {
    function move(c) {
      if (typeof c[0] === 'number') { var w = fromGcj02(c[1], c[0]); return [w[1], w[0]]; }
      return c.map(move);
    }
    return { type: geometry.type, coordinates: move(geometry.coordinates) };
  }
  global.GridgovGcj02 = { toGcj02: toGcj02, fromGcj02: fromGcj02, geometryFromGcj02: geometryFromGcj02 };
})(window);
