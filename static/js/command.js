/* The command page: fetches every layer, the KPI panel and the lists from /api/v1 and re-queries them
   when the level, a filter or the drill-down cell changes (no page reload). The layers are drawn by
   command-layers.js; texts, numbers and DOM helpers come from command-format.js.
   Rule: text from the server (names, titles) goes into the page with textContent only — never parsed as HTML. */
(function () {
  'use strict';
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var map = window[CONFIG.map];
  var F = window.GridgovCommandFormat;                  // static/js/command-format.js
  var t = F.t, num = F.num, pct = F.pct, el = F.el, clear = F.clear;
  var $ = function (id) { return document.getElementById(id); };

  // ---- state -------------------------------------------------------------------------------------
  var LEVELS = ['district', 'street', 'community', 'grid', 'microgrid'];
  // A city's account opens on its districts; a city's code prefixes none of its cells, and its area is the
  // account's whole scope, so the page asks for it without `within`.
  var CITY = CONFIG.scope_cell && CONFIG.scope_cell.level === 'city';
  var TOP_LEVEL = CITY ? 'district' : 'street';
  var state = {
    me: null, within: null, crumbs: [], level: TOP_LEVEL, measure: 'received', range: '30d',
    from: null, to: null, category: '', channel: '', status: '', rootBbox: null
  };
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
    ['category', 'channel', 'status', 'dispute', 'risk'].forEach(function (k) { if (state[k]) p.set(k, state[k]); });
    Object.keys(extra || {}).forEach(function (k) { if (extra[k] !== null && extra[k] !== undefined) p.set(k, extra[k]); });
    return p;
  }
  function kpiParams() {    // the window, category and channel: KPIs describe cases in every status
    var p = filterParams(state.within ? { cell: state.within } : {});
    ['status', 'dispute', 'risk'].forEach(function (k) { p.delete(k); });   // the case KPIs count every case
    return p;
  }
  function api(path, params) { return window.GridgovUi.request(path, { query: params, next: '/command' }); }
  function warn(err) { if (err && err.message !== 'signed out') console.warn('gridgov:', err.message); }
  function where() { return state.within ? { cell: state.within } : (state.rootBbox ? { bbox: state.rootBbox.join(',') } : {}); }

  // ---- the map's layers (static/js/command-layers.js) -------------------------------------------
  var M = window.GridgovCommandLayers(map, { gcj02: CONFIG.gcj02, outlineTiles: CONFIG.outline_tiles, tileVersion: CONFIG.tile_version, state: state, api: api, warn: warn,
                                             drillTo: function (code) { return drillTo(code); } });
  var layers = M.layers, drop = M.drop;
  var P = window.GridgovCommandPetitions(map, { gcj02: CONFIG.gcj02, state: state, api: api, role: (CONFIG.me || {}).role,
                                                refresh: function () { return refresh(false); } });   // 信访: command-petitions.js
  var C = window.GridgovCommandCharts(map, { state: state, api: api, params: filterParams, warn: warn,   // charts, 治理指数
                                             cells: function () { return state.cells; }, coordsToLatLng: M.coordsToLatLng });

  // ---- panel and lists ---------------------------------------------------------------------------
  var KPI_CARDS = [['received', num], ['response_rate', pct], ['on_time_rate', pct], ['resolution_rate', pct],
    ['satisfaction_rate', pct], ['repeat_rate', pct], ['backlog_open', num], ['backlog_overdue', num]];
  var CLOSE_LEVELS = ['grid', 'community', 'street', 'district', 'department', 'direct'];
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
  var pending = 0, failed = 0;   // requests in flight; requests that failed so far (a pass is whole without any)
  function busy(delta) { pending += delta; $('loading').hidden = pending <= 0; }
  function track(promise) {
    busy(1);
    return promise.then(function (v) { busy(-1); return v; }, function (e) { busy(-1); failed++; warn(e); });
  }

  function refresh(fit) {
    var mine = ++seq, within = state.within ? { within: state.within } : {}, failedBefore = failed;
    var jobs = [
      track(api('cells', filterParams(Object.assign({ level: state.level }, within))).then(function (fc) {
        if (mine !== seq) return;
        state.cells = fc;
        var layer = M.drawDensity(fc);
        if (!performance.getEntriesByName('gridgov-first-map').length) M.markDrawn('gridgov-first-map');
        if (!state.rootBbox && fc.features.length) {
          var b = layer.getBounds();
          state.rootBbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return +v.toFixed(6); });
        }
        if (fit && fc.features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20] });
      })),
      track(api('kpis', kpiParams()).then(function (k) { if (mine === seq) drawKpis(k); })),
      track(api('loads', new URLSearchParams(within)).then(function (r) { if (mine === seq) drawLoads(r); })),
      track(api('hot-cells', new URLSearchParams(Object.assign({ level: state.level, from: state.from, to: state.to, limit: 10 }, within)))
        .then(function (r) { if (mine === seq) drawHot(r); }))
    ];
    return Promise.all(jobs).then(function () { return refreshOverlays(mine, failedBefore); });
  }
  function refreshOverlays(mine, failedBefore) {
    mine = mine || seq;
    if (failedBefore === undefined) failedBefore = failed;
    var jobs = [];
    if ($('L-heat').checked) {
      jobs.push(track(api('heat', filterParams(where())).then(function (h) {
        if (mine !== seq) return;
        M.drawHeat(h.points);
        note('heat', h.truncated ? t('heat_truncated', { n: num(h.limit) }) : null);
      })));
    } else { drop('heat'); note('heat', null); }
    if ($('L-load').checked) {
      jobs.push(track(api('cells', filterParams(Object.assign({ level: 'grid' }, state.within ? { within: state.within } : {})))
        .then(function (fc) { if (mine === seq) M.drawLoad(fc); })));
    } else drop('load');
    if ($('L-cases').checked) {
      var status = state.status || 'overdue_or_supervised';
      var p = filterParams(Object.assign(where(), { status: status, limit: 5000 }));
      if (!state.status) { p.delete('from'); p.delete('to'); }    // overdue cases matter whenever they came in
      jobs.push(track(api('incidents', p).then(function (fc) {
        if (mine !== seq) return;
        M.drawCases(fc);
        note('cases', fc.truncated ? t('truncated', { n: num(fc.features.length) }) : null);
      })));
    } else { drop('cases'); note('cases', null); }
    if ($('L-disputes').checked) jobs = jobs.concat(disputeJobs(mine));
    else { drop('disputes'); drop('orgs'); note('disputes', null); $('dispute-card').hidden = true; }
    jobs = jobs.concat(P.jobs(function () { return mine === seq; }).map(track));   // 信访 card and layers
    jobs = jobs.concat(C.jobs(function () { return mine === seq; }).map(track));   // charts and the index layer
    if ($('L-warnings').checked) {
      jobs.push(track(api('warnings', new URLSearchParams(Object.assign({ status: 'open' }, state.within ? { within: state.within } : {})))
        .then(function (fc) { if (mine === seq) M.drawWarnings(fc, decideWarning); })));
    } else drop('warnings');
    M.scheduleOutlines();
    noteZoom();
    return Promise.all(jobs).then(function () {
      if (layers.density && $('L-density').checked) layers.density.bringToBack();
      if (mine !== seq) return;
      document.body.dataset.ready = String(++drawn);   // for tests: one more pass fully drawn
      if (failed === failedBefore) refreshed();         // every answer came: the wall is current as of now
    });
  }

  // The 矛盾纠纷 layer: open red and orange disputes of the drill-down cell, the mediation organisations with
  // their load, and the chain's KPIs of the cell over the page's window in the panel (area roles: the KPIs
  // are per cell of their area).
  var DISPUTE_ROLES = ['command_staff', 'street_staff', 'community_staff', 'admin', 'department', 'grid_member'];
  var DISPUTE_KPI_ROLES = ['command_staff', 'street_staff', 'community_staff', 'admin', 'grid_member'];
  var DISPUTE_KPIS = [['received', num], ['resolution_rate', pct], ['success_rate', pct], ['court_share', pct],
    ['performance_rate', pct], ['open', num]];
  function disputeJobs(mine) {
    var jobs = [
      track(api('disputes/map', new URLSearchParams(Object.assign({ risk: 'red,orange' }, state.within ? { within: state.within } : {})))
        .then(function (fc) {
          if (mine !== seq) return;
          M.drawDisputes(fc);
          note('disputes', fc.truncated ? t('disputes_truncated', { n: num(fc.features.length) }) : null);
        })),
      track(api('disputes/organisations').then(function (r) { if (mine === seq) M.drawOrgs(r.organisations); }))
    ];
    var cell = state.crumbs.length ? state.crumbs[state.crumbs.length - 1] : null;
    if (!cell || cell.level === 'microgrid' || DISPUTE_KPI_ROLES.indexOf(CONFIG.me.role) < 0) {
      $('dispute-card').hidden = true;
      return jobs;
    }
    var p = new URLSearchParams({ level: cell.level, within: cell.code });
    if (state.from) p.set('since', state.from);
    if (state.to) p.set('until', state.to);
    jobs.push(track(api('disputes/kpis', p).then(function (answer) {
      if (mine !== seq) return;
      var row = answer.cells.filter(function (c) { return c.code === cell.code; })[0] || {};
      $('dispute-scope').textContent = cell.name;
      var box = clear($('dispute-kpis'));
      DISPUTE_KPIS.forEach(function (c) {
        var card = el('div', 'kpi');
        card.dataset.kpi = c[0];
        card.appendChild(el('div', 'v', c[1](row[c[0]]))); card.appendChild(el('div', 'k', t('dk_' + c[0])));
        box.appendChild(card);
      });
      $('dispute-card').hidden = false;
    })));
    return jobs;
  }

  // The 预警 layer's decisions (command staff, street staff in their area): confirm, or dismiss with the
  // reason; the answer's status goes into the popup, then the open warnings are drawn again.
  var WARNING_ROLES = ['command_staff', 'street_staff', 'community_staff', 'admin'];
  function decideWarning(id, action, reason, status) {
    return window.GridgovUi.request('warnings/' + encodeURIComponent(id) + '/' + action,
      { json: reason ? { reason: reason } : {}, next: '/command' })
      .then(function (w) {
        status.textContent = t(w.status === 'confirmed' ? 'w_done_confirmed' : 'w_done_dismissed');
        document.body.dataset.warningDecided = String(w.id) + ':' + w.status;
        return refreshOverlays();
      }, function (e) { status.textContent = e.message; });
  }

  // What a layer leaves out, under the layer switches: points a limit cut, outlines the zoom hides.
  var notes = {};
  function note(key, text) {
    notes[key] = text;
    var box = clear($('layer-notes'));
    Object.keys(notes).forEach(function (k) { if (notes[k]) box.appendChild(el('div', null, notes[k])); });
  }
  function noteZoom() { note('zoom', $('L-outlines').checked && map.getZoom() < M.outlineZoom ? t('zoom_outlines') : null); }

  function drillTo(code) {
    if (!code) {
      state.within = null; state.crumbs = []; state.level = TOP_LEVEL;
      drawBreadcrumb(); drawLevelButtons(); return refresh(true);
    }
    return track(api('cell/' + encodeURIComponent(code)).then(enter));
  }
  function enter(cell) {
    if (!cell.children_level) return;
    state.within = cell.level === 'city' ? null : cell.code; state.crumbs = cell.breadcrumb || [];
    state.level = cell.children_level;
    drawBreadcrumb(); drawLevelButtons();
    if (cell.bbox) map.fitBounds(M.bboxBounds(cell.bbox), { padding: [30, 30] });
    return refresh(false);
  }

  // ---- controls ----------------------------------------------------------------------------------
  var categories = {};   // code -> the row of /categories (its names), for the density layer's label
  var disputeTypes = {};  // code -> name, of /disputes/types
  function drawDensityLabel() {   // the density layer says what it counts: every category, the filter's, or disputes
    var c = state.category && categories[state.category];
    var label = c ? t('l_density_of', { name: F.lang === 'en' && c.name_en || c.name }) : t('l_density');
    if (state.dispute || state.risk) {
      var what = [state.dispute && state.dispute !== 'any' ? disputeTypes[state.dispute] : t('all_disputes')];
      if (state.risk) what.push(t('risk_' + state.risk));
      label = t('l_density_disputes', { name: what.join(' · ') });
    }
    $('density-label').textContent = label;
  }
  // The dispute filter (矛盾纠纷 only, by type and risk): the density, hot cells, heat and case markers then
  // count the cases with a dispute record; the case KPIs keep counting every case.
  function fillDisputeTypes(r) {
    var sel = $('f-dispute'), risk = $('f-risk');
    r.types.forEach(function (d) { disputeTypes[d.code] = d.name; var o = el('option', null, d.name); o.value = d.code; sel.appendChild(o); });
    $('counted').hidden = false;               // the risk choice comes with a dispute choice (it narrows disputes)
    sel.addEventListener('change', function () {
      state.dispute = sel.value || null;
      risk.hidden = !state.dispute;
      if (!state.dispute) { risk.value = ''; state.risk = null; }
      drawDensityLabel(); refresh(false);
    });
    risk.addEventListener('change', function () { state.risk = risk.value || null; drawDensityLabel(); refresh(false); });
  }
  function fillCategories(rows) {
    var major = $('f-major'), minor = $('f-minor');
    rows.forEach(function (c) { categories[c.code] = c; });
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
    major.addEventListener('change', function () { minors(); state.category = major.value; drawDensityLabel(); refresh(false); });
    minor.addEventListener('change', function () { state.category = minor.value || major.value; drawDensityLabel(); refresh(false); });
  }
  function fillChannels() {
    var sel = $('f-channel');
    ['hotline', 'police110', 'patrol', 'app', 'petition', 'assigned'].forEach(function (c) {
      var o = el('option', null, t('ch_' + c)); o.value = c; o.dataset.i18n = 'ch_' + c; sel.appendChild(o);
    });
  }
  function applyLang() {
    document.documentElement.lang = F.lang === 'zh' ? 'zh-CN' : 'en';
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (n) { n.textContent = t(n.dataset.i18n); });
    $('lang-switch').textContent = t('lang_switch');
    drawDensityLabel();
    showClock();
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
    ['L-heat', 'L-load', 'L-cases', 'L-outlines', 'L-disputes', 'L-warnings', 'L-index'].forEach(function (id) {   // load, disputes, warnings: the legend too
      $(id).addEventListener('change', function () { refreshOverlays(); if (id === 'L-load' || id === 'L-disputes' || id === 'L-warnings') refresh(false); });
    });
    map.on('moveend', M.scheduleOutlines);
    map.on('zoomend', noteZoom);
    $('lang-switch').addEventListener('click', function () {
      F.lang = F.lang === 'zh' ? 'en' : 'zh'; applyLang(); refresh(false);
      fetch('/command?lang=' + F.lang, { credentials: 'same-origin', method: 'HEAD' }).catch(function () {});  // remembered in the session
    });
  }

  // ---- the wall keeps itself current ----------------------------------------------------------
  // A wall display nobody touches: every `refresh_seconds` (0: never) after the last pass the page asks the
  // server's clock (/me) — a quick window (今日, 近30天 …) moves when the server's date has moved, typed dates
  // stay — and asks every layer, the KPIs and the lists again, keeping level, filters, drill-down and view.
  // The clock is the wall's own time (Asia/Shanghai); "refreshed" is when the last pass came back whole, and
  // turns red when that is two periods old. When the server's clock is set apart (the demo's is pinned to
  // the demo's last day) the top bar says which time the data is as of.
  var REFRESH_MS = Math.max(0, Number(CONFIG.refresh_seconds) || 0) * 1000;
  var wall = { timer: null, at: null, appNow: CONFIG.me.now, busy: false };
  var DESK_ROLES = ['command_staff', 'street_staff', 'community_staff', 'admin'];   // the workbench's, with an area
  function timeText(at, withDate) {
    var o = { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
    if (withDate) { o.year = 'numeric'; o.month = '2-digit'; o.day = '2-digit'; }
    return new Intl.DateTimeFormat(F.lang === 'zh' ? 'zh-CN' : 'en-GB', o).format(at);
  }
  function showClock() {
    $('clock').textContent = timeText(new Date(), true);
    $('refreshed').textContent = wall.at ? t('refreshed', { t: timeText(wall.at) }) : '';
    $('refreshed').classList.toggle('stale', !!(REFRESH_MS && wall.at && Date.now() - wall.at > 2 * REFRESH_MS + 30000));
    var apart = Math.abs(new Date(wall.appNow).getTime() - Date.now()) > 5 * 60000;
    $('data-clock').hidden = !apart;
    $('data-clock').textContent = apart ? t('data_as_of', { t: timeText(new Date(wall.appNow), true) }) : '';
  }
  function refreshed() {          // one pass came back whole: stamp it, and the next one is a period away
    wall.at = new Date();
    showClock();
    document.body.dataset.refreshed = String((Number(document.body.dataset.refreshed) || 0) + 1);
    schedule();
  }
  function schedule() {
    clearTimeout(wall.timer);
    if (REFRESH_MS) wall.timer = setTimeout(tick, REFRESH_MS);
  }
  function tick() {
    if (wall.busy) return schedule();
    wall.busy = true;
    var done = function () { wall.busy = false; schedule(); };
    return api('me').then(function (me) {
      wall.appNow = me.now;
      if (me.today !== CONFIG.today) { CONFIG.today = me.today; if (state.range) setRange(state.range); }
      return Promise.all([refresh(false), loadSupervision()]);
    }).then(done, function (e) { warn(e); done(); });
  }
  function loadSupervision() {
    if (DESK_ROLES.indexOf(CONFIG.me.role) < 0) return Promise.resolve();
    return window.GridgovUi.request('desk/supervision', { next: '/command' }).then(function (answer) {
      $('supervision-card').hidden = false;
      $('supervision-count').textContent = num(answer.cases.length);
      var list = clear($('supervision'));
      answer.cases.slice(0, 8).forEach(function (c) {
        var li = el('li');
        var link = el('a', 'name', '#' + c.id + ' ' + c.rules.map(function (r) {
          return t('rules_' + r, { n: r === 'reopened' ? c.reopened : c.recent_repeats });
        }).join('、'));
        link.href = '/desk?case=' + c.id;
        li.appendChild(link);
        list.appendChild(li);
      });
    }).catch(warn);
  }

  function start() {
    fillChannels(); applyLang(); setRange('30d'); wire(); drawLevelButtons();
    showClock();
    setInterval(showClock, 1000);
    loadSupervision();
    if (DESK_ROLES.indexOf(CONFIG.me.role) < 0) $('to-desk').hidden = true;
    if (WARNING_ROLES.indexOf(CONFIG.me.role) < 0) $('L-warnings').parentNode.hidden = true;
    if (DISPUTE_ROLES.indexOf(CONFIG.me.role) < 0) $('L-disputes').parentNode.hidden = true;
    else track(api('disputes/types').then(fillDisputeTypes));
    map.attributionControl.setPrefix(false);
    track(api('categories').then(fillCategories));
    var me = state.me = CONFIG.me;             // the page carries who is signed in and their cell: no round trip
    $('me').textContent = me.username + ' · ' + me.role;
    if (CONFIG.scope_cell) return enter(CONFIG.scope_cell);
    drawBreadcrumb();
    return refresh(true);
  }
  start();
})();
