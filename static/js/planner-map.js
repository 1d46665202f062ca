/* The planners' map: the grids and buildings of one community in the draft, what the live checks found,
   what changed between two generations, and the drawing tools (Leaflet-Geoman without its toolbar: a
   line to split by, a polygon for a dedicated grid, vertex editing with snapping to reshape a grid).
   Selection: a click selects a grid, Shift-click adds one; in "pick buildings" mode a click on a building
   toggles it instead. Server text is shown with textContent (tooltips get DOM nodes, never HTML).
   On a GCJ-02 basemap (Amap) every layer is drawn shifted onto it and every drawn geometry shifted back
   (static/js/gcj02.js), so a split drawn over the basemap's streets cuts where those streets are. */
(function (global) {
  'use strict';
  var ui = global.GridgovUi;

  var STYLE = {
    basic: { color: '#2b6cb0', weight: 2, fillColor: '#90cdf4', fillOpacity: 0.25 },
    dedicated: { color: '#b7791f', weight: 2, dashArray: '6 4', fillColor: '#f6e05e', fillOpacity: 0.25 },
    selected: { color: '#c53030', weight: 4, fillOpacity: 0.35 },
    building: { color: '#4a5568', weight: 1, fillColor: '#a0aec0', fillOpacity: 0.6 },
    picked: { color: '#c53030', weight: 2, fillColor: '#fc8181', fillOpacity: 0.8 },
    error: { color: '#e53e3e', weight: 3, fillColor: '#e53e3e', fillOpacity: 0.35 },
    warning: { color: '#dd6b20', weight: 2, dashArray: '3 5', fill: false },
    added: { color: '#2f855a', weight: 3, fillOpacity: 0.2 },
    removed: { color: '#c53030', weight: 2, dashArray: '4 4', fillOpacity: 0.05 },
    reshaped: { color: '#805ad5', weight: 3, fillOpacity: 0.15 }
  };

  function PlannerMap(map, onChange, gcj02) {
    var gcj = gcj02 ? global.GridgovGcj02 : null;
    this.map = map;
    this.coordsToLatLng = function (c) {
      return gcj ? L.latLng.apply(null, gcj.toGcj02(c[1], c[0])) : L.latLng(c[1], c[0]);
    };
    this.toStore = function (geometry) { return gcj ? gcj.geometryFromGcj02(geometry) : geometry; };
    this.onChange = onChange;       // called with no argument when the selection changes
    this.grids = L.featureGroup().addTo(map);
    this.buildings = L.featureGroup().addTo(map);
    this.findings = L.featureGroup().addTo(map);
    this.compare = L.featureGroup().addTo(map);
    this.selected = [];             // grid codes, in click order
    this.picked = [];               // building codes
    this.picking = false;
    this.gridLayers = {};
    this.drawing = null;
  }

  PlannerMap.prototype.tooltip = function (title, lines) {
    var box = ui.el('div', 'tip');
    box.appendChild(ui.el('strong', null, title));
    lines.forEach(function (line) { box.appendChild(ui.el('div', null, line)); });
    return box;
  };

  PlannerMap.prototype.showGrids = function (collection, describe) {
    var self = this;
    this.grids.clearLayers();
    this.gridLayers = {};
    this.selected = this.selected.filter(function (code) {
      return collection.features.some(function (f) { return f.properties.code === code; });
    });
    L.geoJSON(collection, {
      coordsToLatLng: this.coordsToLatLng,
      style: function (f) { return STYLE[f.properties.kind] || STYLE.basic; },
      onEachFeature: function (f, layer) {
        self.gridLayers[f.properties.code] = layer;
        layer.bindTooltip(self.tooltip(f.properties.name + ' ' + f.properties.code, describe(f.properties)), { sticky: true });
        layer.on('click', function (e) { self.clickGrid(f.properties.code, e.originalEvent.shiftKey); });
        self.grids.addLayer(layer);
      }
    });
    this.restyle();
  };

  PlannerMap.prototype.clickGrid = function (code, add) {
    if (this.picking || this.drawing) return;
    var at = this.selected.indexOf(code);
    if (add) {
      if (at >= 0) this.selected.splice(at, 1); else this.selected.push(code);
    } else {
      this.selected = at >= 0 && this.selected.length === 1 ? [] : [code];
    }
    this.restyle();
    this.onChange();
  };

  PlannerMap.prototype.restyle = function () {
    var self = this;
    Object.keys(this.gridLayers).forEach(function (code) {
      var layer = self.gridLayers[code];
      var base = STYLE[layer.feature.properties.kind] || STYLE.basic;
      layer.setStyle(self.selected.indexOf(code) >= 0 ? L.extend({}, base, STYLE.selected) : base);
    });
  };

  PlannerMap.prototype.showBuildings = function (collection, describe) {
    var self = this;
    this.buildings.clearLayers();
    L.geoJSON(collection, {
      coordsToLatLng: this.coordsToLatLng,
      style: function () { return STYLE.building; },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(self.tooltip(f.properties.name || f.properties.code, describe(f.properties)), { sticky: true });
        layer.on('click', function (e) {
          if (!self.picking) { self.clickGrid(f.properties.grid_code, e.originalEvent.shiftKey); return; }
          L.DomEvent.stop(e);
          var at = self.picked.indexOf(f.properties.code);
          if (at >= 0) self.picked.splice(at, 1); else self.picked.push(f.properties.code);
          layer.setStyle(at >= 0 ? STYLE.building : STYLE.picked);
          self.onChange();
        });
        self.buildings.addLayer(layer);
      }
    });
    this.grids.bringToBack();
  };

  PlannerMap.prototype.pickBuildings = function (on) {
    this.picking = on;
    this.picked = [];
    this.buildings.setStyle(STYLE.building);
  };

  PlannerMap.prototype.showFindings = function (findings, describe) {
    var self = this;
    this.findings.clearLayers();
    findings.forEach(function (finding) {
      if (!finding.geometry) return;
      var style = STYLE[finding.severity] || STYLE.error;
      var layer = L.geoJSON(finding.geometry, { style: function () { return style; },
        coordsToLatLng: self.coordsToLatLng,
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, L.extend({ radius: 7 }, style)); } });
      layer.bindTooltip(self.tooltip(describe(finding), []), { sticky: true });
      self.findings.addLayer(layer);
    });
  };

  PlannerMap.prototype.showCompare = function (collection, describe) {
    var self = this;
    this.compare.clearLayers();
    if (!collection) return;
    L.geoJSON(collection, {
      coordsToLatLng: this.coordsToLatLng,
      style: function (f) { return STYLE[f.properties.change] || STYLE.reshaped; },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(self.tooltip(describe(f.properties), []), { sticky: true });
        self.compare.addLayer(layer);
      }
    });
    if (this.compare.getLayers().length) this.map.fitBounds(this.compare.getBounds(), { padding: [20, 20] });
  };

  PlannerMap.prototype.fit = function () {
    if (this.grids.getLayers().length) this.map.fitBounds(this.grids.getBounds(), { padding: [20, 20] });
  };

  // ---- drawing ---------------------------------------------------------------------------------------
  /** Draw a line (``'line'``) or a polygon (``'polygon'``); ``done`` gets its GeoJSON geometry. */
  PlannerMap.prototype.draw = function (shape, done) {
    var self = this;
    this.stopDrawing();
    function created(e) {
      self.map.off('pm:create', created);
      self.sketch = e.layer;
      done(self.toStore(e.layer.toGeoJSON().geometry));
    }
    this.map.on('pm:create', created);
    // a split line is drawn from outside to outside: snapping its ends onto the boundary would stop it short
    this.map.pm.enableDraw(shape === 'line' ? 'Line' : 'Polygon',
                           { snappable: shape !== 'line', templineStyle: STYLE.selected, pathOptions: STYLE.selected });
    this.drawing = { created: created };
  };

  /** Edit the vertices of grid ``code``; returns a function giving the edited GeoJSON geometry. */
  PlannerMap.prototype.editGrid = function (code) {
    this.stopDrawing();
    var copy = L.polygon(this.gridLayers[code].getLatLngs(), STYLE.selected).addTo(this.map);
    copy.pm.enable({ allowSelfIntersection: false, snappable: true });
    this.sketch = copy;
    this.drawing = {};
    var toStore = this.toStore;
    return function () { return toStore(copy.toGeoJSON().geometry); };
  };

  PlannerMap.prototype.stopDrawing = function () {
    if (this.drawing && this.drawing.created) this.map.off('pm:create', this.drawing.created);
    if (this.map.pm.globalDrawModeEnabled()) this.map.pm.disableDraw();
    if (this.sketch) {
      if (this.sketch.pm && this.sketch.pm.enabled()) this.sketch.pm.disable();
      this.map.removeLayer(this.sketch);
      this.sketch = null;
    }
    this.drawing = null;
  };

  global.GridgovPlannerMap = PlannerMap;
})(window);
