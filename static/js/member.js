/* The grid member's page: the member's grid, buildings and open cases from /api/v1/member, the phone's
   position (WGS 84, navigator.geolocation), case actions, photos, field reports, the disputes of the grid
   and those found on patrol (static/js/member-disputes.js), and the member's notifications (grids
   redrawn, cases handed over).
   Rule: text from the server (names, addresses, descriptions, notes) goes into the page with textContent
   only — never parsed as HTML. */
(function () {
  'use strict';
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var map = window[CONFIG.map];
  map.attributionControl.setPrefix(false);   // no flag or link in a government intranet page
  var GCJ = CONFIG.gcj02 && window.GridgovGcj02;
  var TEXT = window.GridgovMemberText;   // static/js/member-i18n.js
  var COLOURS = { red: '#e5484d', yellow: '#f0a020', green: '#2f9e5a', none: '#8b8d98' };
  var REFETCH_M = 25;                    // the list is re-asked (with distances) when the phone moved this far
  var SHRINK_ABOVE = 1536 * 1024, MAX_SIDE = 2048;   // photos are scaled down in the phone before upload
  var HANDLER_ACTIONS = ['start', 'report', 'escalate'];
  var NOTICES_EVERY_MS = 5 * 60 * 1000;  // notifications are asked again this often (while the page is visible)

  var lang = (document.documentElement.lang || 'zh').indexOf('en') === 0 ? 'en' : 'zh';
  var state = { me: null, askedAt: null, cases: [], area: null, current: null, categories: [], seq: 0, drawn: 0,
                notices: [], unread: 0 };
  map.createPane('cases').style.zIndex = 450;   // above the buildings, so a case is always tappable
  map.createPane('me').style.zIndex = 460;
  var layers = { grid: null, micro: null, cases: L.layerGroup().addTo(map), me: null, accuracy: null };
  var $ = function (id) { return document.getElementById(id); };

  // ---- i18n and formats (static/js/ui.js, bound to the page's language of the moment) -------------
  function t(key, vars) { return window.GridgovUi.translator(TEXT, lang)(key, vars); }
  function num(v, digits) { return window.GridgovUi.formats(lang, 'short').num(v, digits); }
  function when(iso) { return window.GridgovUi.formats(lang, 'short').when(iso); }
  function span(hours) {
    var h = Math.abs(hours);
    return h >= 48 ? t('days', { n: num(h / 24, 1) }) : t('hours', { n: num(h, h < 10 ? 1 : 0) });
  }
  function distance(m) {
    return m >= 1000 ? t('kilometres', { n: num(m / 1000, 1) }) : t('metres', { n: num(m) });
  }
  function timerText(timer) {
    if (!timer) return t('no_timer');
    var text = timer.hours_left < 0 ? t('overdue_by', { t: span(timer.hours_left) }) : t('left', { t: span(timer.hours_left) });
    return timer.running ? text : text + ' · ' + t('paused');
  }
  function categoryName(item) {
    return (lang === 'en' && item.category_name_en) || item.category_name || item.title || '#' + item.id;
  }

  // ---- DOM helpers (textContent only: static/js/ui.js) ------------------------------------------
  var el = window.GridgovUi.el, clear = window.GridgovUi.clear;
  function field(label, value) {
    var row = el('div', 'field');
    row.appendChild(el('span', 'l', label));
    row.appendChild(el('span', 'v', value));
    return row;
  }
  function ready(name, value) {
    document.body.dataset[name] = value;
    document.body.dataset.ready = String(++state.drawn);
  }

  // ---- the API -----------------------------------------------------------------------------------
  function api(path, options) {
    return window.GridgovUi.request(path, Object.assign({ next: '/member', offline: t('network') }, options));
  }
  function here() {
    return state.me ? '?lon=' + state.me.lon.toFixed(6) + '&lat=' + state.me.lat.toFixed(6) : '';
  }

  // ---- the map -----------------------------------------------------------------------------------
  function ll(lat, lon) { return GCJ ? L.latLng.apply(null, GCJ.toGcj02(lat, lon)) : L.latLng(lat, lon); }
  function coordsToLatLng(c) { return ll(c[1], c[0]); }
  function tooltip(lines) {
    var box = el('div', 'tip');
    lines.forEach(function (line, i) { box.appendChild(el('div', i ? '' : 't', line)); });
    return box;
  }

  function drawArea(area) {
    if (layers.grid) map.removeLayer(layers.grid);
    if (layers.micro) map.removeLayer(layers.micro);
    layers.micro = L.geoJSON(area.microgrids, {
      coordsToLatLng: coordsToLatLng,
      style: function (f) {
        return f.properties.kind === 'stairwell'
          ? { color: '#6b7b8c', weight: 1, dashArray: '3 3', fill: false }
          : { color: '#5b6b7c', weight: 1, fillColor: '#c9d6e3', fillOpacity: 0.4 };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(tooltip([p.name, p.full_address || '', t('households_n', { n: p.households || 0 })]), { sticky: true });
      }
    }).addTo(map);
    layers.grid = L.geoJSON(area.grids, {
      coordsToLatLng: coordsToLatLng, interactive: false,
      style: function () { return { color: '#1f6feb', weight: 3, fillColor: '#1f6feb', fillOpacity: 0.05 }; }
    }).addTo(map);
    var bounds = layers.grid.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
  }

  function drawCases() {
    layers.cases.clearLayers();
    state.cases.forEach(function (c) {
      if (c.lon === null) return;
      var colour = COLOURS[c.timer ? c.timer.colour : 'none'];
      var marker = L.circleMarker(ll(c.lat, c.lon), { pane: 'cases', radius: 9, color: '#fff', weight: 2,
                                                      fillColor: colour, fillOpacity: 0.95 });
      marker.bindTooltip(tooltip([categoryName(c), timerText(c.timer)]));
      marker.on('click', function () { openCase(c.id); });
      marker.addTo(layers.cases);
    });
  }

  function drawMe() {
    var at = ll(state.me.lat, state.me.lon);
    if (!layers.me) {
      layers.accuracy = L.circle(at, { pane: 'me', radius: state.me.accuracy, color: '#1f6feb', weight: 1,
                                        fillOpacity: 0.08, interactive: false }).addTo(map);
      layers.me = L.circleMarker(at, { pane: 'me', radius: 7, color: '#fff', weight: 2, fillColor: '#1f6feb',
                                       fillOpacity: 1 }).addTo(map);
      layers.me.bindTooltip(el('span', '', t('my_position')));
    }
    layers.me.setLatLng(at);
    layers.accuracy.setLatLng(at).setRadius(state.me.accuracy);
  }

  // ---- the area: grid, buildings, stairwells, heads ----------------------------------------------
  function loadArea() {
    return api('member/area').then(function (area) {
      state.area = area;
      drawArea(area);
      renderArea();
      ready('area', String(area.microgrids.features.length));
    });
  }

  function renderArea() {
    var area = state.area;
    if (!area) return;
    var grids = area.grids.features.map(function (f) { return f.properties; });
    $('grid-name').textContent = grids.map(function (g) { return g.name; }).join('、');
    var micro = area.microgrids.features.map(function (f) { return f.properties; });
    var buildings = micro.filter(function (p) { return p.kind === 'building'; });
    var households = grids.reduce(function (s, g) { return s + (g.households || 0); }, 0);
    $('area-summary').textContent = t('buildings_n', { n: buildings.length }) + ' · ' + t('households_n', { n: num(households) });
    var list = clear($('buildings'));
    buildings.forEach(function (b) {
      var item = el('li', 'building');
      item.appendChild(el('div', 'name', b.name));
      if (b.full_address) item.appendChild(el('div', 'addr', b.full_address));
      item.appendChild(field(t('households'), num(b.households || 0)));
      item.appendChild(heads(b.heads));
      var units = el('ul', 'units');
      micro.filter(function (p) { return p.parent_code === b.code; }).forEach(function (u) {
        var unit = el('li', 'unit');
        unit.appendChild(el('span', 'name', u.unit || u.name));
        unit.appendChild(el('span', 'hh', t('households_n', { n: u.households || 0 })));
        unit.appendChild(heads(u.heads));
        units.appendChild(unit);
      });
      if (units.firstChild) item.appendChild(units);
      list.appendChild(item);
    });
  }

  function heads(people) {
    var box = el('div', 'heads');
    if (!people.length) { box.appendChild(el('span', 'muted', t('no_heads'))); return box; }
    people.forEach(function (p) {
      box.appendChild(el('span', 'head', p.name));
      if (p.phone) {
        var call = el('a', 'tel', p.phone);
        call.href = 'tel:' + String(p.phone).replace(/[^0-9+]/g, '');
        box.appendChild(call);
      }
    });
    return box;
  }

  // ---- the cases ---------------------------------------------------------------------------------
  function loadCases() {
    var seq = ++state.seq;
    state.askedAt = state.me ? { lon: state.me.lon, lat: state.me.lat } : null;
    return api('member/cases' + here()).then(function (body) {
      if (seq !== state.seq) return;          // an answer to an older question
      state.cases = body.cases;
      renderCases();
      drawCases();
      ready('cases', String(body.cases.length));
    }).catch(show($('no-cases')));
  }

  function renderCases() {
    var list = clear($('cases'));
    $('cases-loading').hidden = true;
    $('no-cases').hidden = state.cases.length > 0;
    $('no-cases').textContent = t('no_cases');
    $('case-count').textContent = state.cases.length ? String(state.cases.length) : '';
    state.cases.forEach(function (c) {
      var item = el('li', 'case');
      item.dataset.id = c.id;
      item.style.borderLeftColor = COLOURS[c.timer ? c.timer.colour : 'none'];
      var button = el('button', 'open');
      button.type = 'button';
      var top = el('div', 'top');
      top.appendChild(el('span', 'cat', categoryName(c)));
      top.appendChild(el('span', 'status', t('st_' + c.status)));
      button.appendChild(top);
      button.appendChild(el('div', 'timer timer-' + (c.timer ? c.timer.colour : 'none'), timerText(c.timer)));
      var meta = [c.distance_m !== null ? t('away', { d: distance(c.distance_m) }) : null,
                  c.mine ? null : t('not_mine'), c.supervised ? t('supervised') : null,
                  c.photos ? t('photos_n', { n: c.photos }) : null].filter(Boolean).join(' · ');
      if (meta) button.appendChild(el('div', 'meta', meta));
      if (c.description) button.appendChild(el('div', 'desc', c.description));
      button.addEventListener('click', function () { openCase(c.id); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function openCase(id) {
    return api('member/cases/' + id + here()).then(function (detail) {
      state.current = detail;
      $('note').value = '';
      message('');
      renderSheet();
      $('sheet').hidden = false;
      ready('sheet', String(detail.id));
    }).catch(function (error) { warn(error); });
  }

  function renderSheet() {
    var c = state.current;
    if (!c) return;
    $('sheet-title').textContent = categoryName(c) + ' · #' + c.id;
    var body = clear($('sheet-body'));
    var chips = el('div', 'chips');
    chips.appendChild(el('span', 'chip timer-' + (c.timer ? c.timer.colour : 'none'), timerText(c.timer)));
    chips.appendChild(el('span', 'chip', t('st_' + c.status)));
    if (c.distance_m !== null) chips.appendChild(el('span', 'chip', t('away', { d: distance(c.distance_m) })));
    if (!c.mine) chips.appendChild(el('span', 'chip', t('not_mine')));
    if (c.urge_count) chips.appendChild(el('span', 'chip', t('urged', { n: c.urge_count })));
    body.appendChild(chips);
    if (c.description) body.appendChild(el('p', 'desc', c.description));
    if (c.address) body.appendChild(field(t('address'), c.address));
    body.appendChild(field(t('reported_at'), when(c.reported_at)));
    if (c.timer) body.appendChild(field(t('deadline'), when(c.timer.deadline)));
    if (c.photos.length) {
      body.appendChild(el('h3', '', t('photos')));
      var strip = el('div', 'photos');
      c.photos.forEach(function (p) {
        var img = el('img');
        img.loading = 'lazy';
        img.alt = t('photos') + ' ' + p.id;
        img.src = '/api/v1/member/photos/' + p.id;
        strip.appendChild(img);
      });
      body.appendChild(strip);
    }
    body.appendChild(el('h3', '', t('history')));
    var history = el('ol', 'history');
    c.history.slice().reverse().forEach(function (e) {
      var item = el('li');
      item.appendChild(el('span', 'when', when(e.at)));
      item.appendChild(el('span', 'what', t('ev_' + e.action)));
      item.appendChild(el('span', 'who', e.by_name || t('system')));
      if (e.note) item.appendChild(el('div', 'note', e.note));
      history.appendChild(item);
    });
    body.appendChild(history);
    renderActions();
  }

  function renderActions() {
    var c = state.current, box = clear($('sheet-actions'));
    if (!c) return;
    c.actions.forEach(function (action) {
      var button = el('button', HANDLER_ACTIONS.indexOf(action) >= 0 ? 'primary' : '', t('act_' + action));
      button.type = 'button';
      button.dataset.action = action;
      button.addEventListener('click', function () { act(action); });
      box.appendChild(button);
    });
    var noting = c.actions.indexOf('note') >= 0;
    $('note').disabled = !c.actions.length;
    $('case-photo').disabled = $('photo-send').disabled = !noting;
  }

  function act(action) {
    var c = state.current, note = $('note').value.trim();
    if ((action === 'note' || action === 'escalate') && !note) { message(t('note_needed'), true); return; }
    busy(true);
    api('member/cases/' + c.id + '/actions', { method: 'POST', json: { action: action, note: note || null, version: c.version } })
      .then(function () { return afterChange(c.id, t('done_' + action)); }, refused(c.id))
      .then(function () { busy(false); });
  }

  function sendPhoto() {
    var c = state.current, file = $('case-photo').files[0];
    if (!file) return;
    busy(true);
    preparePhoto(file).then(function (photo) {
      var form = new FormData();
      form.append('photo', photo, photo.name || file.name);
      if ($('note').value.trim()) form.append('note', $('note').value.trim());
      form.append('version', String(c.version));
      return api('member/cases/' + c.id + '/photos', { method: 'POST', form: form })
        .then(function () { $('case-photo').value = ''; return afterChange(c.id, t('done_photo')); }, refused(c.id));
    }, function (error) { message(error.message, true); }).then(function () { busy(false); });
  }

  function afterChange(id, done) {
    $('note').value = '';
    return openCase(id).then(function () { message(done); return loadCases(); });
  }

  function refused(id) {
    return function (error) {
      if (error.code === 'case_conflict') return openCase(id).then(function () { message(t('conflict'), true); });
      message(t('refused', { reason: reason(error) }), true);
    };
  }

  function reason(error) {   // the refusal in the page's language, with the server's own words after it
    var local = TEXT[lang]['err_' + error.code];
    return local ? local + '\n' + error.message : error.message;
  }
  function message(text, isError) {
    var box = $('sheet-msg');
    box.textContent = text;
    box.classList.toggle('error', !!isError);
  }
  function busy(on) {
    Array.prototype.forEach.call(document.querySelectorAll('#sheet button, #sheet textarea'), function (b) { b.disabled = on; });
    if (!on) renderActions();
  }

  // ---- photos: checked and scaled down in the phone ----------------------------------------------
  function preparePhoto(file) {
    if (['image/jpeg', 'image/png', 'image/webp'].indexOf(file.type) < 0) return Promise.reject(new Error(t('photo_bad_type')));
    return shrink(file).then(function (photo) {
      if (photo.size > CONFIG.max_photo_bytes) throw new Error(t('photo_too_big', { n: CONFIG.max_photo_bytes / 1048576 }));
      return photo;
    });
  }
  function shrink(file) {
    if (file.size <= SHRINK_ABOVE || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (image) {
      var scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(image.width * scale);
      canvas.height = Math.round(image.height * scale);
      canvas.getContext('2d').drawImage(image, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (blob && blob.size < file.size) blob.name = 'photo.jpg';
          resolve(blob && blob.size < file.size ? blob : file);
        }, 'image/jpeg', 0.82);
      });
    }).catch(function () { return file; });
  }

  // ---- notifications: a badge with the unread count, the list newest first ------------------------
  function loadNotices() {
    return api('member/notifications').then(function (body) {
      state.notices = body.notifications;
      state.unread = body.unread;
      renderNotices();
      ready('notices', String(body.unread));
    });
  }

  function noticeText(notice) {  // composed from kind and details in the page's language, else the server's words
    var template = TEXT[lang]['n_' + notice.kind], details = notice.details || {};
    if (template === undefined) return notice.message;
    var missing = (template.match(/\{[a-z_]+\}/g) || []).some(function (name) {
      var value = details[name.slice(1, -1)];
      return value === null || value === undefined;
    });
    return missing ? notice.message : t('n_' + notice.kind, details);
  }

  function renderNotices() {
    $('notice-count').textContent = state.unread ? String(state.unread) : '';
    $('no-notices').hidden = state.notices.length > 0;
    var list = clear($('notice-list'));
    state.notices.forEach(function (notice) {
      var item = el('li', notice.read_at ? 'notice' : 'notice unread');
      item.dataset.id = notice.id;
      item.appendChild(el('div', 'when', when(notice.created_at)));
      item.appendChild(el('div', 'text', noticeText(notice)));
      if (notice.kind === 'case_redispatched' && notice.details && notice.details.case) {
        var go = el('button', 'go', t('notice_open_case'));
        go.type = 'button';
        go.addEventListener('click', function () { showNotices(false); openCase(notice.details.case); });
        item.appendChild(go);
      }
      list.appendChild(item);
    });
  }

  function showNotices(open) {
    $('notices').hidden = !open;
    $('notices-btn').setAttribute('aria-expanded', String(open));
    if (open) markShownRead(); else renderNotices();
  }

  function markShownRead() {  // the unread ones stay highlighted until the list is closed
    var unread = state.notices.filter(function (n) { return !n.read_at; });
    if (!unread.length) return;
    api('member/notifications/read', { method: 'POST', json: { ids: unread.map(function (n) { return n.id; }) } })
      .then(function (body) {
        unread.forEach(function (n) { n.read_at = n.read_at || new Date().toISOString(); });
        state.unread = body.unread;
        $('notice-count').textContent = body.unread ? String(body.unread) : '';
        ready('noticesRead', String(body.marked));
      }).catch(warn);
  }

  // ---- field report ------------------------------------------------------------------------------
  function loadCategories() {
    return api('categories').then(function (rows) { state.categories = rows; renderCategories(); });
  }
  function renderCategories() {
    var major = $('r-major'), chosen = major.value;
    clear(major).appendChild(option('', t('choose_major')));
    state.categories.filter(function (c) { return !c.parent_code; }).forEach(function (c) {
      major.appendChild(option(c.code, lang === 'en' && c.name_en ? c.name_en : c.name));
    });
    major.value = chosen;
    renderMinors();
  }
  function renderMinors() {
    var minor = $('r-minor'), chosen = minor.value, major = $('r-major').value;
    clear(minor).appendChild(option('', t('choose_minor')));
    state.categories.filter(function (c) { return major && c.parent_code === major; }).forEach(function (c) {
      minor.appendChild(option(c.code, lang === 'en' && c.name_en ? c.name_en : c.name));
    });
    minor.value = chosen;
    minor.disabled = minor.options.length <= 1;
  }
  function option(value, text) { var o = el('option', '', text); o.value = value; return o; }

  function submitReport(event) {
    event.preventDefault();
    var result = $('r-result'), category = $('r-minor').value || $('r-major').value;
    var description = $('r-description').value.trim(), file = $('r-photo').files[0];
    result.classList.add('error');
    if (!state.me) { result.textContent = t('report_no_where'); return; }
    if (!category) { result.textContent = t('need_category'); return; }
    if (!description) { result.textContent = t('need_description'); return; }
    $('r-submit').disabled = true;
    result.classList.remove('error');
    result.textContent = t('sending');
    (file ? preparePhoto(file) : Promise.resolve(null)).then(function (photo) {
      var form = new FormData();
      form.append('lon', state.me.lon.toFixed(7));
      form.append('lat', state.me.lat.toFixed(7));
      form.append('accuracy', String(Math.round(state.me.accuracy)));
      form.append('category', category);
      form.append('description', description);
      if (photo) form.append('photo', photo, photo.name || file.name);
      return api('member/reports', { method: 'POST', form: form });
    }).then(function (filed) {
      var what = filed.dispatch_refused ? t('report_waiting')
        : (filed.in_your_area ? t('report_dispatched') : t('report_other_grid'));
      result.textContent = t('report_done', { ref: filed.source_ref, what: what });
      $('report-form').reset();
      renderMinors();
      ready('reported', String(filed.id));
      return loadCases();
    }).catch(function (error) {
      result.classList.add('error');
      result.textContent = t('refused', { reason: reason(error) });
    }).then(function () { $('r-submit').disabled = false; });
  }

  // ---- the phone's position ----------------------------------------------------------------------
  function watchPosition() {
    // a page served over plain HTTP (not localhost) gets no position from any phone browser: say so,
    // rather than blame the permission the user never was asked for
    if (!window.isSecureContext) { where(t('insecure_page')); ready('insecure', '1'); return; }
    if (!navigator.geolocation) { where(t('no_location', { reason: t('no_geolocation') })); return; }
    navigator.geolocation.watchPosition(function (position) {
      state.me = { lon: position.coords.longitude, lat: position.coords.latitude,
                   accuracy: Math.max(position.coords.accuracy || 0, 1) };
      drawMe();
      where(t('located', { m: num(state.me.accuracy) }));
      ready('located', '1');
      if (!state.askedAt || metres(state.askedAt, state.me) > REFETCH_M) loadCases();
    }, function (error) {
      where(t('no_location', { reason: error.code === 1 ? t('location_denied') : error.message }));
    }, { enableHighAccuracy: true, maximumAge: 15000, timeout: 30000 });
  }
  function where(text) {
    $('where').textContent = text;
    $('r-where').textContent = state.me ? t('report_where', { m: num(state.me.accuracy) }) : t('report_no_where');
  }
  function metres(a, b) {   // haversine: only to decide when to ask again; the API measures on the ellipsoid
    var r = Math.PI / 180, dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r;
    var h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  }

  // ---- tabs, language, start ---------------------------------------------------------------------
  function showTab(name) {
    Array.prototype.forEach.call(document.querySelectorAll('.tabs [role=tab]'), function (b) {
      b.setAttribute('aria-selected', String(b.dataset.tab === name));
    });
    ['cases', 'area', 'report', 'disputes'].forEach(function (n) { $('tab-' + n).hidden = n !== name; });
    if (name === 'disputes') disputes.load().catch(warn);
  }

  function applyLang() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (node) { node.textContent = t(node.dataset.i18n); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-title]'), function (node) { node.title = t(node.dataset.i18nTitle); });
    $('lang-switch').textContent = t('lang_switch');
    where(state.me ? t('located', { m: num(state.me.accuracy) }) : t('locating'));
    renderCases(); drawCases(); renderArea(); renderCategories(); renderSheet(); renderNotices();
  }

  function show(node) { return function (error) { warn(error); node.hidden = false; node.textContent = error.message; }; }
  function warn(error) { if (error && error.message !== 'signed out') console.warn('gridgov:', error.message); }

  var disputes = window.GridgovMemberDisputes({    // static/js/member-disputes.js
    api: api, t: t, el: el, clear: clear, when: when, reason: reason, ready: ready,
    position: function () { return state.me; }
  });

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('.tabs [role=tab]'), function (b) {
      b.addEventListener('click', function () { showTab(b.dataset.tab); });
    });
    $('sheet-close').addEventListener('click', function () { $('sheet').hidden = true; state.current = null; });
    $('notices-btn').addEventListener('click', function () { showNotices($('notices').hidden); });
    $('notices-close').addEventListener('click', function () { showNotices(false); });
    $('photo-send').addEventListener('click', sendPhoto);
    $('r-major').addEventListener('change', renderMinors);
    $('report-form').addEventListener('submit', submitReport);
    $('locate').addEventListener('click', function () { if (state.me) map.setView(ll(state.me.lat, state.me.lon), 17); });
    $('lang-switch').addEventListener('click', function () {
      lang = lang === 'zh' ? 'en' : 'zh';
      applyLang();
      fetch('/member?lang=' + lang, { credentials: 'same-origin', method: 'HEAD' }).catch(function () {});  // kept in the session
    });
    applyLang();
    loadArea().catch(warn);
    loadCases();
    loadCategories().catch(warn);
    disputes.load().catch(warn);
    loadNotices().catch(warn);
    setInterval(function () { if (!document.hidden) loadNotices().catch(warn); }, NOTICES_EVERY_MS);
    watchPosition();
  }
  start();
})();
