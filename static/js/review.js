/* The review queue: incidents placed nowhere (/api/v1/review/unplaced), one at a time with its point
   and candidate cells on the map; placed by a click on the map (the finest cell holding the point), by a
   candidate or a cell code, or several at once into one cell.
   Rule: text from the server goes into the page with textContent only — never parsed as HTML. */
(function () {
  'use strict';
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var map = window[CONFIG.map];
  map.attributionControl.setPrefix(false);
  var GCJ = CONFIG.gcj02 && window.GridgovGcj02;
  var TEXT = window.GridgovReviewText;
  var CHANNELS = ['hotline', 'police110', 'patrol', 'app', 'petition', 'assigned'];
  var lang = window.GridgovUi.pageLang();
  var t = window.GridgovUi.translator(TEXT, lang);
  var fmt = window.GridgovUi.formats(lang, 'short');
  var el = window.GridgovUi.el, clear = window.GridgovUi.clear;
  var $ = function (id) { return document.getElementById(id); };
  var state = { page: 1, current: null, selected: {}, drawn: 0 };
  var shown = L.layerGroup().addTo(map);
  var grids = L.layerGroup().addTo(map);       // the grids in view, to see where a click lands
  var GRIDS_FROM_ZOOM = 14;

  function api(path, options) {
    return window.GridgovUi.request('review/' + path, Object.assign({ next: '/review', offline: t('network') }, options));
  }
  function reasonText(reason) {   // "outside all cells; address: ambiguous address" is two reasons
    if (!reason) return '–';
    return reason.split('; address: ').map(function (part, n) {
      var known = t('r_' + part) === 'r_' + part ? part : t('r_' + part);
      return n ? t('r_address', { r: known }) : known;
    }).join('；');
  }
  function channelText(channel) { return t('ch_' + channel); }
  function levelText(c) { return t('lv_' + (c.level === 'microgrid' ? c.kind : c.level)); }
  function scoreText(score) {   // the matcher's confidence (0–1) as a percentage; older rows hold 0–100
    return t('score', { n: fmt.num(Math.round(score <= 1 ? score * 100 : score)) + '%' });
  }
  function ready(name) { document.body.dataset[name] = String(++state.drawn); }
  function ll(lat, lon) { return GCJ ? L.latLng.apply(null, GCJ.toGcj02(lat, lon)) : L.latLng(lat, lon); }
  function fromMap(latlng) {   // a click on a GCJ-02 basemap is shifted back to WGS 84
    if (!GCJ) return { lat: latlng.lat, lon: latlng.lng };
    var p = GCJ.fromGcj02(latlng.lat, latlng.lng);
    return { lat: p[0], lon: p[1] };
  }

  function loadQueue() {
    var q = new URLSearchParams({ page: String(state.page) });
    if ($('f-reason').value) q.set('reason', $('f-reason').value);
    if ($('f-channel').value) q.set('channel', $('f-channel').value);
    if ($('f-q').value.trim()) q.set('q', $('f-q').value.trim());
    return api('unplaced', { query: q }).then(function (answer) {
      fillReasons(answer.reasons);
      $('summary').textContent = t('total', { n: answer.total });
      var list = clear($('queue'));
      answer.incidents.forEach(function (i) { list.appendChild(row(i)); });
      $('prev').disabled = answer.page <= 1;
      $('next').disabled = answer.page * answer.page_size >= answer.total;
      ready('queue');
    }, message);
  }

  function fillReasons(reasons) {
    var select = $('f-reason'), chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    reasons.forEach(function (r) {
      var option = el('option', null, reasonText(r.reason) + ' (' + r.incidents + ')'); option.value = r.reason;
      select.appendChild(option);
    });
    select.value = chosen;
  }

  function row(i) {
    var li = el('li', 'item-row' + (state.current && state.current.id === i.id ? ' on' : ''));
    li.dataset.incidentId = i.id;
    var box = el('input'); box.type = 'checkbox'; box.checked = !!state.selected[i.id];
    box.setAttribute('aria-label', '#' + i.id);
    box.addEventListener('click', function (e) {
      e.stopPropagation();
      if (box.checked) state.selected[i.id] = true; else delete state.selected[i.id];
      $('selected-count').textContent = Object.keys(state.selected).length;
    });
    li.appendChild(box);
    var main = el('div', 'main');
    main.appendChild(el('div', 't', '#' + i.id + ' ' + (i.category_text || i.title || '')));
    main.appendChild(el('div', 's', i.address || (i.lon !== null ? i.lon + ', ' + i.lat : '–')));
    main.appendChild(el('div', 'f', reasonText(i.unplaced_reason) + ' · ' + channelText(i.channel) + ' · '
                                    + fmt.when(i.reported_at)));
    li.appendChild(main);
    li.addEventListener('click', function () { open(i.id); });
    return li;
  }

  function open(id) {
    return api('unplaced/' + id).then(function (item) {
      state.current = item;
      document.querySelectorAll('#queue .item-row').forEach(function (li) {
        li.classList.toggle('on', Number(li.dataset.incidentId) === id);
      });
      $('item').hidden = false; $('hint').hidden = false;
      $('item-title').textContent = '#' + item.id + ' ' + (item.category_text || item.title || '');
      var facts = clear($('item-facts'));
      [[t('channel'), channelText(item.channel) + ' ' + item.source_ref],
       [t('reported_at'), fmt.when(item.reported_at)],
       [t('address'), item.address || '–'], [t('reason'), reasonText(item.unplaced_reason)]].forEach(function (f) {
        var d = el('div', 'field'); d.appendChild(el('span', 'l', f[0])); d.appendChild(el('span', 'v', f[1]));
        facts.appendChild(d);
      });
      drawItem(item);
      ready('item');
    }, message);
  }

  function drawItem(item) {
    shown.clearLayers();
    var bounds = null;
    var list = clear($('candidates'));
    if (!item.candidates.length) list.appendChild(el('li', 'muted', t('none')));
    item.candidates.forEach(function (c) {
      var layer = L.geoJSON(c.outline, { coordsToLatLng: function (p) { return ll(p[1], p[0]); },
                                         style: { color: '#f0a020', weight: 2, fillOpacity: 0.08 } });
      layer.on('click', function (e) { L.DomEvent.stop(e); placeAt(c.code); });
      shown.addLayer(layer);
      bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
      var li = el('li', 'candidate');
      li.appendChild(el('div', 't', c.code + ' ' + c.name + ' · ' + levelText(c)));
      li.appendChild(el('div', 's', c.score !== undefined
        ? scoreText(c.score) + (c.address ? ' · ' + c.address : '') : t('metres', { n: fmt.num(c.metres) })));
      li.dataset.code = c.code;
      li.addEventListener('click', function () { placeAt(c.code); });
      list.appendChild(li);
    });
    if (item.lat !== null) {
      var at = ll(item.lat, item.lon);
      shown.addLayer(L.circleMarker(at, { radius: 7, color: '#e5484d', weight: 2, fillOpacity: 0.6 }));
      bounds = bounds ? bounds.extend(at) : L.latLngBounds([at, at]);
    }
    map.invalidateSize();
    if (bounds) map.fitBounds(bounds.pad(0.3), { maxZoom: 17 });
  }

  function placed(answer) {
    $('msg').textContent = t('placed', { cell: answer.cell, n: answer.placed.length });
    $('msg').classList.add('ok');
    answer.placed.forEach(function (id) { delete state.selected[id]; });
    $('selected-count').textContent = Object.keys(state.selected).length;
    state.current = null; $('item').hidden = true; shown.clearLayers();
    return loadQueue().then(function () { ready('placed'); });
  }
  function refused(error) {
    $('msg').textContent = t('refused', { m: error.message });
    $('msg').classList.remove('ok');
    ready('refusedPlace');
  }
  function placeAt(code) {
    if (!state.current) return;
    api('unplaced/' + state.current.id + '/place', { json: { cell_code: code } }).then(placed, refused);
  }
  function message(error) { $('summary').textContent = t('refused', { m: error.message }); }

  function drawGrids() {
    grids.clearLayers();
    if (map.getZoom() < GRIDS_FROM_ZOOM) return;
    var b = map.getBounds();
    var box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); });
    if (GCJ) {   // the view is in GCJ-02 on such a basemap; the store's bbox is WGS 84
      var sw = GCJ.fromGcj02(b.getSouth(), b.getWest()), ne = GCJ.fromGcj02(b.getNorth(), b.getEast());
      box = [sw[1], sw[0], ne[1], ne[0]].map(function (v) { return v.toFixed(6); });
    }
    window.GridgovUi.request('outlines', { query: new URLSearchParams({ level: 'grid', bbox: box.join(',') }) })
      .then(function (fc) {
        grids.addLayer(L.geoJSON(fc, { coordsToLatLng: function (p) { return ll(p[1], p[0]); }, interactive: false,
                                      style: { color: '#1f6feb', weight: 1, fillOpacity: 0 } }));
        ready('grids');
      }, function () {});
  }
  map.on('moveend', drawGrids);

  map.on('click', function (e) {
    if (!state.current) return;
    var p = fromMap(e.latlng);
    api('unplaced/' + state.current.id + '/place', { json: { lon: p.lon, lat: p.lat } }).then(placed, refused);
  });
  $('place-cell').addEventListener('click', function () { placeAt($('cell').value.trim()); });
  $('many-place').addEventListener('click', function () {
    var ids = Object.keys(state.selected).map(Number);
    if (!ids.length || !$('many-cell').value.trim()) { refused({ message: t('choose_first') }); return; }
    api('place', { json: { ids: ids, cell_code: $('many-cell').value.trim() } }).then(placed, refused);
  });
  $('filters').addEventListener('change', function () { state.page = 1; loadQueue(); });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); state.page = 1; loadQueue(); });
  $('prev').addEventListener('click', function () { state.page -= 1; loadQueue(); });
  $('next').addEventListener('click', function () { state.page += 1; loadQueue(); });
  CHANNELS.forEach(function (c) { $('f-channel').appendChild(el('option', null, channelText(c))).value = c; });
  window.GridgovUi.translatePage(t);
  document.title = t('title') + ' · ' + document.title.split(' · ').slice(1).join(' · ');
  $('who').textContent = CONFIG.me.username;
  document.querySelectorAll('[data-i18n-placeholder]').forEach(function (n) { n.placeholder = t(n.getAttribute('data-i18n-placeholder')); });
  loadQueue().then(function () { document.body.dataset.reviewReady = '1'; });
})();
