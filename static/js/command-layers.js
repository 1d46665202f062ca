/* The command map's layers: coordinates (every overlay shifted for a GCJ-02 basemap), the choropleth's
   classes and legend, incident density, members' load, overdue and supervised cases, heat, red and orange
   disputes with the mediation organisations, early warnings (预警) with their tickets, and the outlines at high zoom. `page` lends the page's state, its API call and its drill-down.
   Rule: text from the server goes into the map with textContent only (tooltips and popups are elements). */
window.GridgovCommandLayers = function (map, page) {
  'use strict';
  var F = window.GridgovCommandFormat;
  var t = F.t, num = F.num, pct = F.pct, when = F.when, el = F.el, clear = F.clear, tip = F.tip;
  var GCJ = page.gcj02 && window.GridgovGcj02;
  var state = page.state, api = page.api, warn = page.warn;
  var $ = function (id) { return document.getElementById(id); };
  var layers = { density: null, heat: null, load: null, cases: null, disputes: null, orgs: null, warnings: null, dedicated: null, micro: null };

  // ---- coordinates (GCJ-02 basemaps shift every overlay) -----------------------------------------
  function ll(lat, lon) { return GCJ ? L.latLng.apply(null, GCJ.toGcj02(lat, lon)) : L.latLng(lat, lon); }
  function coordsToLatLng(c) { return ll(c[1], c[0]); }
  function viewBbox() {
    var b = map.getBounds(), sw = b.getSouthWest(), ne = b.getNorthEast();
    if (GCJ) { var a = GCJ.fromGcj02(sw.lat, sw.lng), z = GCJ.fromGcj02(ne.lat, ne.lng); sw = L.latLng(a); ne = L.latLng(z); }
    return [sw.lng, sw.lat, ne.lng, ne.lat].map(function (v) { return v.toFixed(6); }).join(',');
  }
  function bboxBounds(b) { return L.latLngBounds(ll(b[1], b[0]), ll(b[3], b[2])); }

  // ---- classification ----------------------------------------------------------------------------
  var RAMP = ['#3b1c6b', '#7a2a8c', '#c23b75', '#f0604d', '#fdb35f'];
  function quantileBreaks(values, k) {
    var v = values.filter(function (x) { return x > 0; }).sort(function (a, b) { return a - b; });
    if (!v.length) return [];
    var breaks = [];
    for (var i = 1; i <= k; i++) {
      var q = v[Math.min(v.length - 1, Math.ceil(i * v.length / k) - 1)];
      if (!breaks.length || q > breaks[breaks.length - 1]) breaks.push(q);
    }
    return breaks;                            // upper bounds of each class, the last is the maximum
  }
  function classOf(value, breaks) {
    if (!(value > 0)) return -1;
    for (var i = 0; i < breaks.length; i++) if (value <= breaks[i]) return i;
    return breaks.length - 1;
  }
  function rampFor(n) { return n >= RAMP.length ? RAMP : RAMP.slice(RAMP.length - n); }

  // ---- layers ------------------------------------------------------------------------------------
  function drop(name) { if (layers[name]) { map.removeLayer(layers[name]); layers[name] = null; } }

  function drawDensity(fc) {
    drop('density');
    var values = fc.features.map(function (f) { return f.properties[state.measure] || 0; });
    var breaks = quantileBreaks(values, 5), colours = rampFor(breaks.length);
    layers.density = L.geoJSON(fc, {
      coordsToLatLng: coordsToLatLng,
      style: function (f) {
        var c = classOf(f.properties[state.measure], breaks);
        return { color: '#9cc9ee', weight: 1, opacity: 0.7, fillColor: c < 0 ? '#1a2633' : colours[c], fillOpacity: 0.72 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(tip(p.name, [
          [t(p.level), p.code], [t('received'), num(p.received)], [t('m_km2'), num(p.per_km2, 1)],
          [t('m_hh'), num(p.per_1000_households, 1)], [t('on_time_rate'), pct(p.on_time_rate)],
          [t('backlog_overdue'), num(p.backlog_overdue)]
        ].concat(p.level !== 'microgrid' ? [['', t('click_drill')]] : [])), { sticky: true });
        layer.on('mouseover', function () { layer.setStyle({ weight: 3, color: '#35c4ff' }); });
        layer.on('mouseout', function () { layers.density && layers.density.resetStyle(layer); });
        layer.on('click', function () { if (p.level !== 'microgrid') page.drillTo(p.code); });
      }
    });
    if ($('L-density').checked) layers.density.addTo(map).bringToBack();
    drawLegend(breaks, colours);
    return layers.density;
  }

  function drawLegend(breaks, colours) {
    var box = clear($('legend'));
    box.appendChild(el('h2', null, t('legend_density') + ' · ' + t('legend_' + state.measure)));
    var digits = state.measure === 'received' ? 0 : 1, low = 0;
    var zero = el('div', 'row'); var zs = el('span', 'sw'); zs.style.background = '#1a2633';
    zero.appendChild(zs); zero.appendChild(el('span', null, t('legend_zero'))); box.appendChild(zero);
    breaks.forEach(function (b, i) {
      var row = el('div', 'row'), sw = el('span', 'sw'); sw.style.background = colours[i];
      row.appendChild(sw); row.appendChild(el('span', null, (i ? '> ' + num(low, digits) : '> 0') + ' – ' + num(b, digits)));
      box.appendChild(row); low = b;
    });
    if (!breaks.length) box.appendChild(el('div', 'note', t('no_data')));
    else box.appendChild(el('div', 'note', t('legend_classes', { n: breaks.length })));
    box.appendChild(el('h2', null, t('legend_cases')));
    [['green', '#2ecc71'], ['yellow', '#f5c518'], ['red', '#ff4d4f']].forEach(function (c) {
      var row = el('div', 'row'), dot = el('span', 'dot'); dot.style.background = c[1];
      row.appendChild(dot); row.appendChild(el('span', null, t('timer_' + c[0]))); box.appendChild(row);
    });
    var sup = el('div', 'row'), sd = el('span', 'dot'); sd.style.background = '#ff4d4f'; sd.style.borderColor = '#35c4ff';
    sd.style.borderWidth = '3px'; sup.appendChild(sd); sup.appendChild(el('span', null, t('supervised'))); box.appendChild(sup);
    if ($('L-disputes').checked) {
      box.appendChild(el('h2', null, t('legend_disputes')));
      ['red', 'orange'].forEach(function (level) {
        var row = el('div', 'row'), dot = el('span', 'dot'); dot.style.background = RISK[level];
        row.appendChild(dot); row.appendChild(el('span', null, t('risk_' + level))); box.appendChild(row);
      });
      var org = el('div', 'row'); org.appendChild(el('span', 'org-marker')); org.appendChild(el('span', null, t('legend_orgs')));
      box.appendChild(org);
    }
    if ($('L-warnings').checked) {
      box.appendChild(el('h2', null, t('legend_warnings')));
      ['red', 'orange', 'yellow'].forEach(function (level) {
        var row = el('div', 'row'), dot = el('span', 'dot'); dot.style.background = RISK[level]; dot.style.borderColor = '#ffffff';
        row.appendChild(dot); row.appendChild(el('span', null, t('sev_' + level))); box.appendChild(row);
      });
    }
    if ($('L-load').checked) {
      box.appendChild(el('h2', null, t('legend_load')));
      [['< 0.8', '#2ecc71'], ['0.8 – 1.2', '#f5c518'], ['> 1.2', '#ff4d4f']].forEach(function (c) {
        var row = el('div', 'row'), sw = el('span', 'sw'); sw.style.background = 'transparent';
        sw.style.border = '3px solid ' + c[1]; row.appendChild(sw); row.appendChild(el('span', null, c[0])); box.appendChild(row);
      });
    }
  }

  function loadColour(x) { return x === null || x === undefined ? '#7f98b0' : x > 1.2 ? '#ff4d4f' : x >= 0.8 ? '#f5c518' : '#2ecc71'; }
  function drawLoad(fc) {
    drop('load');
    layers.load = L.geoJSON(fc, {
      coordsToLatLng: coordsToLatLng,
      filter: function (f) { return !!f.properties.member; },
      style: function (f) {
        return { color: loadColour(f.properties.member.load_index), weight: 2.5, fillOpacity: 0.08, fillColor: loadColour(f.properties.member.load_index) };
      },
      onEachFeature: function (f, layer) {
        var m = f.properties.member, box = tip(m.name, [
          [t('grid'), f.properties.name], [t('load_index'), num(m.load_index, 2)],
          [t('open_cases'), num(m.open_cases)], [t('overdue'), num(m.overdue), m.overdue ? 'timer-red' : '']
        ]);
        layer.bindTooltip(box, { sticky: true });
        layer.bindPopup(tip(m.name, [[t('grid'), f.properties.name + ' (' + f.properties.code + ')'],
          [t('load_index'), num(m.load_index, 2)], [t('open_cases'), num(m.open_cases)], [t('overdue'), num(m.overdue)]]));
      }
    }).addTo(map);
  }

  var TIMER = { green: '#2ecc71', yellow: '#f5c518', red: '#ff4d4f' };
  function drawCases(fc) {
    drop('cases');
    layers.cases = L.geoJSON(fc, {
      coordsToLatLng: coordsToLatLng,
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        return L.circleMarker(latlng, { radius: p.supervised ? 6 : 5, weight: p.supervised ? 3 : 1.5,
          color: p.supervised ? '#35c4ff' : '#ffffff', fillColor: TIMER[p.timer] || '#7f98b0', fillOpacity: 0.95 });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(tip(p.title || p.category_name, [
          [t('category'), p.category_name], [t('channel'), t('ch_' + p.channel) + ' · ' + (p.source_ref || '')],
          [t('status'), p.status], [t('reported_at'), when(p.reported_at)],
          [t('legend_cases'), t('timer_' + p.timer) + (p.supervised ? ' · ' + t('supervised') : ''), 'timer-' + p.timer],
          [t('grid'), p.grid_code]
        ]));
        layer.bindTooltip(el('span', null, p.title || p.category_name));
      }
    }).addTo(map);
  }

  // Disputes (矛盾纠纷) of /api/v1/disputes/map: a circle in the risk's colour (the dispute page's), no
  // party data; the mediation organisations of /api/v1/disputes/organisations: squares with their load.
  var RISK = { red: '#d92d20', orange: '#f97316', yellow: '#eab308', blue: '#2563eb' };
  function drawDisputes(fc) {
    drop('disputes');
    layers.disputes = L.geoJSON(fc, {
      coordsToLatLng: coordsToLatLng,
      pointToLayer: function (f, latlng) {
        var level = f.properties.risk_level;
        return L.circleMarker(latlng, { radius: 7, weight: 2, color: '#07111d', fillColor: RISK[level] || '#7f98b0',
          fillOpacity: 0.95, className: 'dispute-marker risk-' + level });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(tip('#' + p.id + ' ' + p.type_name, [
          [t('risk'), t('risk_' + p.risk_level)], [t('stage'), t('stage_' + p.stage)],
          [t('people_involved'), num(p.people_involved)], [t('grid'), p.grid_code || '']
        ]));
      }
    }).addTo(map);
  }
  function drawOrgs(rows) {
    drop('orgs');
    layers.orgs = L.layerGroup(rows.filter(function (o) { return o.lon !== null && o.lat !== null; }).map(function (o) {
      var icon = L.divIcon({ className: 'org-marker', iconSize: [14, 14] });   // no html: the name goes in as text
      return L.marker(ll(o.lat, o.lon), { icon: icon, keyboard: false }).bindTooltip(tip(o.name, [
        [t('org_kind'), t('org_' + o.kind)], [t('mediators'), num(o.mediators)], [t('org_load'), num(o.open_disputes)],
        [t('risk_red') + ' / ' + t('risk_orange'), num(o.open_red) + ' / ' + num(o.open_orange)]
      ]));
    })).addTo(map);
  }

  // Early warnings (预警) of /api/v1/warnings: open bursts as rings in the severity's colour; the tooltip
  // says category, reporters and tickets; the popup lists the linked tickets (links to the desk), read
  // from /api/v1/warnings/<id> when it opens, with confirm / dismiss for the roles that decide.
  // `decide(id, action, reason)` posts the decision and redraws (command.js).
  function drawWarnings(fc, decide) {
    drop('warnings');
    layers.warnings = L.geoJSON(fc, {
      coordsToLatLng: coordsToLatLng,
      pointToLayer: function (f, latlng) {
        var level = f.properties.severity;
        return L.circleMarker(latlng, { radius: 11, weight: 3, color: '#ffffff', dashArray: '4 3',
          fillColor: RISK[level] || '#7f98b0', fillOpacity: 0.85, className: 'warning-marker sev-' + level });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(tip('#' + p.id + ' ' + (p.category_name || p.category_code), [
          [t('legend_warnings'), t('sev_' + p.severity)], [t('w_reporters'), num(p.reporters)],
          [t('w_tickets'), num(p.tickets)], [t('grid'), p.grid_code || p.cell_code || '']
        ]));
        var box = el('div', 'warning-popup');
        box.style.minWidth = '300px';
        layer.bindPopup(box, { maxWidth: 420, minWidth: 320 });
        layer.on('popupopen', function (e) { fillWarning(box, p, decide, function () { e.popup.update(); }); });
      }
    }).addTo(map);
    layers.warnings.bringToFront();
  }
  function fillWarning(box, p, decide, resized) {
    clear(box);
    box.dataset.warning = p.id;
    box.appendChild(tip('#' + p.id + ' ' + (p.category_name || p.category_code), [
      [t('legend_warnings'), t('sev_' + p.severity)], [t('w_reporters'), num(p.reporters)], [t('w_tickets'), num(p.tickets)],
      [t('w_span'), when(p.first_reported_at) + ' – ' + when(p.last_reported_at)],
      [t('w_words'), (p.escalation_words || []).join('、') || '—']
    ]));
    var list = el('ul', 'warning-tickets');
    list.style.cssText = 'max-height: 180px; overflow-y: auto; margin: 4px 0; padding-left: 16px;';
    box.appendChild(el('div', 'l', t('w_linked') + '：'));
    box.appendChild(list);
    api('warnings/' + encodeURIComponent(p.id)).then(function (w) {
      w.linked.forEach(function (ticket) {
        var item = el('li'), link = el('a', null, '#' + ticket.id);
        link.href = '/desk?case=' + encodeURIComponent(ticket.id);
        item.appendChild(link);
        item.appendChild(el('span', null, ' ' + when(ticket.reported_at) + ' ' + (ticket.title || '')));
        list.appendChild(item);
      });
      if (!w.can_decide) { resized(); return; }
      var actions = el('div', 'warning-actions'), reason = el('input'), status = el('div', 'warning-status');
      reason.type = 'text'; reason.className = 'warning-reason'; reason.placeholder = t('w_reason'); reason.maxLength = 500;
      var yes = el('button', 'warning-confirm', t('w_confirm')), no = el('button', 'warning-dismiss', t('w_dismiss'));
      yes.type = no.type = 'button';
      yes.addEventListener('click', function () { decide(p.id, 'confirm', null, status); });
      no.addEventListener('click', function () {
        if (!reason.value.trim()) { status.textContent = t('w_reason_needed'); return; }
        decide(p.id, 'dismiss', reason.value.trim(), status);
      });
      actions.style.cssText = 'display: flex; gap: 6px; margin-top: 6px;';
      reason.style.flex = '1';
      actions.appendChild(yes); actions.appendChild(reason); actions.appendChild(no);
      box.appendChild(actions); box.appendChild(status);
      resized();
    }).catch(warn);
  }

  function drawHeat(points) {
    drop('heat');
    var pts = GCJ ? points.map(function (p) { return GCJ.toGcj02(p[0], p[1]); }) : points;
    layers.heat = L.heatLayer(pts, { radius: 18, blur: 16, minOpacity: 0.35, maxZoom: 16 }).addTo(map);
  }

  // Outlines at high zoom (dedicated grids from OUTLINE_ZOOM.dedicated, buildings and stairwells from
  // OUTLINE_ZOOM.micro). A basemap not in GCJ-02: Mapbox vector tiles from /api/v1/tiles (Leaflet.VectorGrid,
  // static/vendor): cut once per generation on the server, a tile fetched once per page and zoom, panning
  // fetches only the new edge (docs/webmap.md); the URL names the tiles' version (generation and scope), so
  // the browser's cache answers a tile seen in the last 5 minutes until a publication changes it. A GCJ-02
  // basemap (or page.outlineTiles false): GeoJSON of
  // the view's bbox from /api/v1/outlines, shifted vertex by vertex and drawn on a canvas (thousands of
  // polygons: one canvas draws them several times faster than as many SVG paths); a view inside the last
  // one fetched (zooming in) keeps what is drawn.
  var OUTLINE_ZOOM = { dedicated: 13, micro: 15 };
  var OUTLINE_TILES = !GCJ && page.outlineTiles !== false && !!L.vectorGrid;
  var outlineSeq = 0, outlineTimer = null, outlineBox = { dedicated: null, micro: null };
  var microRenderer = L.canvas({ padding: 0.1 });
  var DEDICATED_STYLE = { color: '#35c4ff', weight: 1.5, dashArray: '6 4', fill: false };
  var MICRO_STYLE = { color: '#a7c4dd', weight: 1, opacity: 0.55, fill: false };
  function scheduleOutlines() { clearTimeout(outlineTimer); outlineTimer = setTimeout(drawOutlines, 200); }
  function dropOutlines(name) { drop(name); outlineBox[name] = null; }
  function drawOutlineTiles(on, zoom) {    // non-interactive: no tooltip on a tile's outline
    [['dedicated', OUTLINE_ZOOM.dedicated, 'grids', function (p) { return p.kind === 'dedicated' ? DEDICATED_STYLE : []; }],
     ['micro', OUTLINE_ZOOM.micro, 'microgrids', function () { return MICRO_STYLE; }]].forEach(function (o) {
      var name = o[0], styles = {};
      if (!on || zoom < o[1]) { drop(name); return; }
      if (layers[name]) return;
      styles[o[2]] = o[3];
      layers[name] = L.vectorGrid.protobuf('/api/v1/tiles/' + o[2] + '/{z}/{x}/{y}.mvt?v=' + encodeURIComponent(page.tileVersion), {
        vectorTileLayerStyles: styles, interactive: false, pane: 'overlayPane', minZoom: o[1],
        fetchOptions: { credentials: 'same-origin' } });
      if (name === 'micro') {
        layers.micro.once('tileload', function () { markDrawn('gridgov-outlines-first'); });
        layers.micro.on('load', function () { markDrawn('gridgov-outlines'); });
      }
      layers[name].addTo(map);
    });
    return Promise.resolve();
  }
  function drawOutlines() {
    var on = $('L-outlines').checked, zoom = map.getZoom(), mine = ++outlineSeq;
    if (OUTLINE_TILES) return drawOutlineTiles(on, zoom);
    var jobs = [];
    [['dedicated', OUTLINE_ZOOM.dedicated, { level: 'grid', kind: 'dedicated' }, drawDedicated],
     ['micro', OUTLINE_ZOOM.micro, { level: 'microgrid' }, drawMicro]].forEach(function (o) {
      var name = o[0];
      if (!on || zoom < o[1]) { dropOutlines(name); return; }
      if (outlineBox[name] && outlineBox[name].contains(map.getBounds())) return;
      var box = map.getBounds();
      jobs.push(api('outlines', new URLSearchParams(Object.assign({ bbox: viewBbox() }, o[2]))).then(function (fc) {
        if (mine !== outlineSeq) return;
        drop(name); outlineBox[name] = box; o[3](fc);
      }));
    });
    return Promise.all(jobs).catch(warn);
  }
  function drawDedicated(fc) {
    layers.dedicated = L.geoJSON(fc, { coordsToLatLng: coordsToLatLng, style: DEDICATED_STYLE })
      .bindTooltip(function (layer) { return el('span', null, layer.feature.properties.name); }, { sticky: true })
      .addTo(map);
  }
  function drawMicro(fc) {
    layers.micro = L.geoJSON(fc, { coordsToLatLng: coordsToLatLng, renderer: microRenderer, style: MICRO_STYLE })
      .bindTooltip(function (layer) { return el('span', null, layer.feature.properties.name); }, { sticky: true })
      .addTo(map);
    markDrawn('gridgov-outlines');
  }
  // User Timing marks (performance.getEntriesByName) once a layer is on screen: bench/bench_web.py reads them.
  function markDrawn(name) { requestAnimationFrame(function () { performance.mark(name); }); }

  return { layers: layers, drop: drop, viewBbox: viewBbox, coordsToLatLng: coordsToLatLng, bboxBounds: bboxBounds, drawDensity: drawDensity,
           drawLoad: drawLoad, drawCases: drawCases, drawDisputes: drawDisputes, drawOrgs: drawOrgs, drawWarnings: drawWarnings, drawHeat: drawHeat, scheduleOutlines: scheduleOutlines,
           markDrawn: markDrawn, outlineZoom: OUTLINE_ZOOM.micro, outlineTiles: OUTLINE_TILES };
};
