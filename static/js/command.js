/* The command page: fetches every layer, the KPI panel and the lists from /api/v1 and re-queries them
   when the level, a filter or the drill-down cell changes (no page reload).
   Rule: text from the server (names, titles) goes into the page with textContent only — never parsed as HTML. */
(function () {
  'use strict';
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var map = window[CONFIG.map];
  var GCJ = CONFIG.gcj02 && window.GridgovGcj02;

  // ---- i18n --------------------------------------------------------------------------------------
  var TEXT = window.GridgovCommandText;   // static/js/command-i18n.js
  var lang = (document.documentElement.lang || 'zh').indexOf('en') === 0 ? 'en' : 'zh';
  function t(key, vars) {
    var s = (TEXT[lang][key] !== undefined ? TEXT[lang][key] : TEXT.zh[key]);
    if (s === undefined) return key;
    Object.keys(vars || {}).forEach(function (k) { s = s.replace('{' + k + '}', vars[k]); });
    return s;
  }
  function locale() { return lang === 'zh' ? 'zh-CN' : (navigator.language || 'en'); }
  function num(v, digits) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits === undefined ? 0 : digits }).format(v);
  }
  function pct(v) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
  }
  function when(iso) {
    return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';
  }

  // ---- small DOM helpers (textContent only) ------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function tip(title, rows) {
    var box = el('div', 'tip');
    box.appendChild(el('div', 't', title));
    rows.forEach(function (r) {
      var line = el('div');
      line.appendChild(el('span', 'l', r[0] + '：'));
      line.appendChild(el('span', r[2] || '', r[1]));
      box.appendChild(line);
    });
    return box;
  }
  var $ = function (id) { return document.getElementById(id); };

  // ---- state -------------------------------------------------------------------------------------
  var LEVELS = ['street', 'community', 'grid', 'microgrid'];
  var state = {
    me: null, within: null, crumbs: [], level: 'street', measure: 'received', range: '30d',
    from: null, to: null, category: '', channel: '', status: '', rootBbox: null
  };
  var layers = { density: null, heat: null, load: null, cases: null, dedicated: null, micro: null };
  var seq = 0;   // only the answers to the newest query are drawn
  var drawn = 0; // passes drawn so far (body[data-ready])

  function isoDate(d) { return d.toISOString().slice(0, 10); }
  function addDays(iso, n) { var d = new Date(iso + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + n); return isoDate(d); }
  function setRange(range) {
    var today = CONFIG.today;
    state.range = range;
    state.to = addDays(today, 1);                                   // `to` is exclusive
    state.from = { today: today, '7d': addDays(today, -6), '30d': addDays(today, -29),
                   year: today.slice(0, 4) + '-01-01', '12m': addDays(today, -364) }[range];
    $('f-from').value = state.from; $('f-to').value = addDays(state.to, -1);
    Array.prototype.forEach.call(document.querySelectorAll('#quick button'), function (b) {
      b.classList.toggle('on', b.dataset.range === range);
    });
  }
  function filterParams(extra) {
    var p = new URLSearchParams();
    if (state.from) p.set('from', state.from);
    if (state.to) p.set('to', state.to);
    ['category', 'channel', 'status'].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    Object.keys(extra || {}).forEach(function (k) { if (extra[k] !== null && extra[k] !== undefined) p.set(k, extra[k]); });
    return p;
  }
  function api(path, params) {
    var url = '/api/v1/' + path + (params && String(params) ? '?' + params : '');
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
      if (r.status === 401) { window.location.href = '/login?next=/command'; throw new Error('signed out'); }
      return r.json().then(function (body) {
        if (!r.ok) throw new Error((body.error && body.error.message) || r.statusText);
        return body;
      });
    });
  }
  function warn(err) { if (err && err.message !== 'signed out') console.warn('gridgov:', err.message); }

  // ---- coordinates (GCJ-02 basemaps shift every overlay) -----------------------------------------
  function ll(lat, lon) { return GCJ ? L.latLng.apply(null, GCJ.toGcj02(lat, lon)) : L.latLng(lat, lon); }
  function coordsToLatLng(c) { return ll(c[1], c[0]); }
  function viewBbox() {
    var b = map.getBounds(), sw = b.getSouthWest(), ne = b.getNorthEast();
    if (GCJ) { var a = GCJ.fromGcj02(sw.lat, sw.lng), z = GCJ.fromGcj02(ne.lat, ne.lng); sw = L.latLng(a); ne = L.latLng(z); }
    return [sw.lng, sw.lat, ne.lng, ne.lat].map(function (v) { return v.toFixed(6); }).join(',');
  }
  function bboxBounds(b) { return L.latLngBounds(ll(b[1], b[0]), ll(b[3], b[2])); }
  function where() { return state.within ? { cell: state.within } : (state.rootBbox ? { bbox: state.rootBbox.join(',') } : {}); }

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
        layer.on('click', function () { if (p.level !== 'microgrid') drillTo(p.code); });
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
    var explicit = !!state.status;
    layers.cases = L.geoJSON(fc, {
      coordsToLatLng: coordsToLatLng,
      filter: function (f) { return explicit || f.properties.supervised || f.properties.timer === 'red'; },
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

  function drawHeat(points) {
    drop('heat');
    var pts = GCJ ? points.map(function (p) { var g = GCJ.toGcj02(p[0], p[1]); return [g[0], g[1], p[2]]; }) : points;
    layers.heat = L.heatLayer(pts, { radius: 18, blur: 16, minOpacity: 0.35, maxZoom: 16 }).addTo(map);
  }

  function outlineStyle(colour, dash) { return { color: colour, weight: 1.5, dashArray: dash, fill: false }; }
  var outlineSeq = 0, outlineTimer = null;
  function scheduleOutlines() { clearTimeout(outlineTimer); outlineTimer = setTimeout(drawOutlines, 200); }
  function drawOutlines() {
    var on = $('L-outlines').checked, zoom = map.getZoom(), mine = ++outlineSeq;
    if (!on || zoom < 13) { drop('dedicated'); drop('micro'); return Promise.resolve(); }
    var jobs = [api('cells', new URLSearchParams(Object.assign({ level: 'grid', bbox: viewBbox() },
      state.within ? { within: state.within } : {}))).then(function (fc) {
      if (mine !== outlineSeq) return;
      drop('dedicated');
      layers.dedicated = L.geoJSON(fc, { coordsToLatLng: coordsToLatLng,
        filter: function (f) { return f.properties.kind === 'dedicated'; }, style: outlineStyle('#35c4ff', '6 4'),
        onEachFeature: function (f, layer) { layer.bindTooltip(el('span', null, f.properties.name)); } }).addTo(map);
    })];
    if (zoom >= 15) {
      jobs.push(api('cells', new URLSearchParams({ level: 'microgrid', bbox: viewBbox() })).then(function (fc) {
        if (mine !== outlineSeq) return;
        drop('micro');
        layers.micro = L.geoJSON(fc, { coordsToLatLng: coordsToLatLng, style: { color: '#a7c4dd', weight: 1, opacity: 0.55, fill: false },
          onEachFeature: function (f, layer) { layer.bindTooltip(el('span', null, f.properties.name)); } }).addTo(map);
      }));
    } else drop('micro');
    return Promise.all(jobs).catch(warn);
  }

  // ---- panel and lists ---------------------------------------------------------------------------
  var KPI_CARDS = [['received', num], ['response_rate', pct], ['on_time_rate', pct], ['resolution_rate', pct],
    ['satisfaction_rate', pct], ['repeat_rate', pct], ['backlog_open', num], ['backlog_overdue', num]];
  var CLOSE_LEVELS = ['grid', 'community', 'street', 'district', 'department'];
  function drawKpis(k) {
    var box = clear($('kpis'));
    KPI_CARDS.forEach(function (c) {
      var card = el('div', 'kpi' + (c[0] === 'backlog_overdue' && k[c[0]] > 0 ? ' bad' : ''));
      card.dataset.kpi = c[0];
      card.appendChild(el('div', 'v', c[1](k[c[0]]))); card.appendChild(el('div', 'k', t(c[0])));
      box.appendChild(card);
    });
    var shares = clear($('closed-shares'));
    CLOSE_LEVELS.forEach(function (lv) {
      var v = k['closed_share_' + lv], bar = el('div', 'bar'), track = el('span', 'track'), fill = el('span', 'fill');
      fill.style.display = 'block'; fill.style.width = ((v || 0) * 100).toFixed(1) + '%'; track.appendChild(fill);
      bar.appendChild(el('span', 'name', t(lv))); bar.appendChild(track); bar.appendChild(el('span', 'pct', pct(v)));
      shares.appendChild(bar);
    });
  }
  function drawLoads(rows) {
    var list = clear($('loads'));
    rows.slice(0, 10).forEach(function (r) {
      var li = el('li');
      li.appendChild(el('span', 'name', r.name));
      li.appendChild(el('span', 'num', num(r.load_index, 2)));
      li.appendChild(el('span', 'num', t('open_cases') + ' ' + num(r.open_cases)));
      if (r.overdue) li.appendChild(el('span', 'od', t('overdue') + ' ' + num(r.overdue)));
      list.appendChild(li);
    });
    if (!rows.length) list.appendChild(el('li', 'empty', t('no_data')));
  }
  function drawHot(rows) {
    var list = clear($('hot'));
    rows.forEach(function (r) {
      var li = el('li'), change = r.change;
      li.appendChild(el('span', 'name', r.name));
      li.appendChild(el('span', 'num', num(r.received)));
      var arrow = change === null || change === undefined ? '' : (change > 0 ? '▲ ' : change < 0 ? '▼ ' : '＝ ');
      var text = change === null || change === undefined ? t('previous') + ' ' + num(r.previous) : arrow + num(Math.abs(change));
      li.appendChild(el('span', 'num ' + (change > 0 ? 'up' : change < 0 ? 'down' : ''), text));
      li.title = t('previous') + ': ' + num(r.previous);
      li.addEventListener('click', function () { if (r.code) drillTo(r.code); });
      list.appendChild(li);
    });
    if (!rows.length) list.appendChild(el('li', 'empty', t('no_data')));
  }
  function drawBreadcrumb() {
    var nav = clear($('breadcrumb'));
    var root = { code: null, name: state.me && state.me.scope_name ? state.me.scope_name : t('whole') };
    var crumbs = state.me && state.me.scope ? state.crumbs.filter(function (c) { return c.code.length >= state.me.scope.length; })
      : [root].concat(state.crumbs.filter(function (c) { return c.level !== 'district'; }));
    if (state.me && state.me.scope && !crumbs.length) crumbs = [{ code: state.me.scope, name: root.name }];
    crumbs.forEach(function (c, i) {
      if (i) nav.appendChild(el('span', 'sep', '›'));
      var b = el('button', null, c.name); b.type = 'button';
      if (i === crumbs.length - 1) b.setAttribute('aria-current', 'page');
      else b.addEventListener('click', function () { c.code ? drillTo(c.code) : drillTo(null); });
      nav.appendChild(b);
    });
    $('kpi-scope').textContent = crumbs.length ? crumbs[crumbs.length - 1].name : '';
  }
  function drawLevelButtons() {
    var depth = state.crumbs.length ? LEVELS.indexOf(state.crumbs[state.crumbs.length - 1].level) + 1 : 0;
    Array.prototype.forEach.call(document.querySelectorAll('#level button'), function (b) {
      var i = LEVELS.indexOf(b.dataset.level);
      b.disabled = i < depth || (b.dataset.level === 'microgrid' && !state.within);
      b.classList.toggle('on', b.dataset.level === state.level);
    });
  }

  // ---- queries -----------------------------------------------------------------------------------
  var pending = 0;
  function busy(delta) { pending += delta; $('loading').hidden = pending <= 0; }
  function track(promise) { busy(1); return promise.then(function (v) { busy(-1); return v; }, function (e) { busy(-1); warn(e); }); }

  function refresh(fit) {
    var mine = ++seq, within = state.within ? { within: state.within } : {};
    var jobs = [
      track(api('cells', filterParams(Object.assign({ level: state.level }, within))).then(function (fc) {
        if (mine !== seq) return;
        var layer = drawDensity(fc);
        if (!state.rootBbox && fc.features.length) {
          var b = layer.getBounds();
          state.rootBbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return +v.toFixed(6); });
        }
        if (fit && fc.features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20] });
      })),
      track(api('kpis', filterParams(state.within ? { cell: state.within } : {})).then(function (k) { if (mine === seq) drawKpis(k); })),
      track(api('loads', new URLSearchParams(within)).then(function (r) { if (mine === seq) drawLoads(r); })),
      track(api('hot-cells', new URLSearchParams(Object.assign({ level: state.level, from: state.from, to: state.to, limit: 10 }, within)))
        .then(function (r) { if (mine === seq) drawHot(r); }))
    ];
    return Promise.all(jobs).then(function () { return refreshOverlays(mine); });
  }
  function refreshOverlays(mine) {
    mine = mine || seq;
    var jobs = [];
    if ($('L-heat').checked) jobs.push(track(api('heat', filterParams(where())).then(function (h) { if (mine === seq) drawHeat(h.points); })));
    else drop('heat');
    if ($('L-load').checked) {
      jobs.push(track(api('cells', filterParams(Object.assign({ level: 'grid' }, state.within ? { within: state.within } : {})))
        .then(function (fc) { if (mine === seq) drawLoad(fc); })));
    } else drop('load');
    if ($('L-cases').checked) {
      var status = state.status || 'open';
      var p = filterParams(Object.assign(where(), { status: status, limit: 5000 }));
      if (!state.status) { p.delete('from'); p.delete('to'); }    // overdue cases matter whenever they came in
      jobs.push(track(api('incidents', p).then(function (fc) { if (mine === seq) drawCases(fc); })));
    } else drop('cases');
    scheduleOutlines();
    return Promise.all(jobs).then(function () {
      if (layers.density && $('L-density').checked) layers.density.bringToBack();
      if (mine === seq) document.body.dataset.ready = String(++drawn);   // for tests: one more pass fully drawn
    });
  }

  function drillTo(code) {
    if (!code) {
      state.within = null; state.crumbs = []; state.level = 'street';
      drawBreadcrumb(); drawLevelButtons(); return refresh(true);
    }
    return track(api('cell/' + encodeURIComponent(code)).then(function (cell) {
      if (!cell.children_level) return;
      state.within = cell.code; state.crumbs = cell.breadcrumb || [];
      state.level = cell.children_level;
      drawBreadcrumb(); drawLevelButtons();
      if (cell.bbox) map.fitBounds(bboxBounds(cell.bbox), { padding: [30, 30] });
      return refresh(false);
    }));
  }

  // ---- controls ----------------------------------------------------------------------------------
  function fillCategories(rows) {
    var major = $('f-major'), minor = $('f-minor');
    rows.filter(function (c) { return !c.parent_code; }).forEach(function (c) {
      var o = el('option', null, c.name); o.value = c.code; major.appendChild(o);
    });
    function minors() {
      while (minor.options.length > 1) minor.remove(1);
      rows.filter(function (c) { return c.parent_code && (!major.value || c.parent_code === major.value); }).forEach(function (c) {
        var o = el('option', null, c.name); o.value = c.code; minor.appendChild(o);
      });
    }
    minors();
    major.addEventListener('change', function () { minors(); state.category = major.value; refresh(false); });
    minor.addEventListener('change', function () { state.category = minor.value || major.value; refresh(false); });
  }
  function fillChannels() {
    var sel = $('f-channel');
    ['hotline', 'police110', 'patrol', 'app', 'petition', 'assigned'].forEach(function (c) {
      var o = el('option', null, t('ch_' + c)); o.value = c; o.dataset.i18n = 'ch_' + c; sel.appendChild(o);
    });
  }
  function applyLang() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) { n.textContent = t(n.dataset.i18n); });
    $('lang-switch').textContent = t('lang_switch');
    document.title = t('title');
  }
  function wire() {
    Array.prototype.forEach.call(document.querySelectorAll('#quick button'), function (b) {
      b.addEventListener('click', function () { setRange(b.dataset.range); refresh(false); });
    });
    $('f-from').addEventListener('change', function () { if ($('f-from').value) { state.from = $('f-from').value; state.range = null; refresh(false); } });
    $('f-to').addEventListener('change', function () { if ($('f-to').value) { state.to = addDays($('f-to').value, 1); state.range = null; refresh(false); } });
    $('f-channel').addEventListener('change', function (e) { state.channel = e.target.value; refresh(false); });
    $('f-status').addEventListener('change', function (e) { state.status = e.target.value; refresh(false); });
    Array.prototype.forEach.call(document.querySelectorAll('#level button'), function (b) {
      b.addEventListener('click', function () { state.level = b.dataset.level; drawLevelButtons(); refresh(false); });
    });
    Array.prototype.forEach.call(document.querySelectorAll('#measure button'), function (b) {
      b.addEventListener('click', function () {
        state.measure = b.dataset.measure;
        Array.prototype.forEach.call(document.querySelectorAll('#measure button'), function (x) { x.classList.toggle('on', x === b); });
        refresh(false);
      });
    });
    $('L-density').addEventListener('change', function (e) {
      if (!layers.density) return;
      if (e.target.checked) layers.density.addTo(map).bringToBack(); else map.removeLayer(layers.density);
    });
    ['L-heat', 'L-load', 'L-cases', 'L-outlines'].forEach(function (id) {
      $(id).addEventListener('change', function () { refreshOverlays(); if (id === 'L-load') refresh(false); });
    });
    map.on('moveend', scheduleOutlines);
    $('lang-switch').addEventListener('click', function () {
      lang = lang === 'zh' ? 'en' : 'zh'; applyLang(); refresh(false);
      fetch('/command?lang=' + lang, { credentials: 'same-origin', method: 'HEAD' }).catch(function () {});  // remembered in the session
    });
  }

  function start() {
    fillChannels(); applyLang(); setRange('30d'); wire(); drawLevelButtons();
    map.attributionControl.setPrefix(false);
    track(api('categories').then(fillCategories));
    track(api('me').then(function (me) {
      state.me = me;
      $('me').textContent = me.username + ' · ' + me.role;
      if (me.scope) return drillTo(me.scope);
      drawBreadcrumb();
      return refresh(true);
    }));
  }
  start();
})();
