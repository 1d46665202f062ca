/* The dispute chain's page: tabs by stage and the queue of /api/v1/disputes (risk colours, filters by
   risk, type and organisation), one dispute — its facts, parties as the account may see them, sessions,
   agreements, hand-overs, history, its point on the map — and the forms of the steps this account may take
   now (triage → session → agreement / hand-over → follow-up, risk override); beside them the chain's KPIs
   of the account's area and the organisations with their load.
   Rule: text from the server goes into the page with textContent only — never parsed as HTML. */
(function () {
  'use strict';
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var map = window[CONFIG.map];
  map.attributionControl.setPrefix(false);
  var GCJ = CONFIG.gcj02 && window.GridgovGcj02;
  var TEXT = window.GridgovDisputesText;
  var lang = window.GridgovUi.pageLang();
  var t = window.GridgovUi.translator(TEXT, lang);
  var fmt = window.GridgovUi.formats(lang, 'short');
  var el = window.GridgovUi.el, clear = window.GridgovUi.clear;
  var $ = function (id) { return document.getElementById(id); };
  var STAGES = ['received', 'triaged', 'mediating', 'agreed', 'resolved', 'handed_over'];
  var COLOURS = { red: '#d92d20', orange: '#f97316', yellow: '#eab308', blue: '#2563eb' };
  var PATHS = { triage: 'triage', joint: 'joint', session: 'sessions', success: 'agreement', failure: 'handover',
                follow_up: 'follow_up', risk: 'risk' };
  var KPI_LEVEL = { command_staff: 'street', admin: 'street', street_staff: 'community', community_staff: 'grid' };
  var state = { tab: '', current: null, step: null, orgs: [], drawn: 0 };
  var shown = L.layerGroup().addTo(map);

  function api(path, options) {
    return window.GridgovUi.request('disputes' + (path ? '/' + path : ''),
                                    Object.assign({ next: '/disputes', offline: t('network') }, options));
  }
  function ready(name) { document.body.dataset[name] = String(++state.drawn); }
  function ll(lat, lon) { return GCJ ? L.latLng.apply(null, GCJ.toGcj02(lat, lon)) : L.latLng(lat, lon); }
  function field(label, value, id) {
    var row = el('div', 'field');
    if (id) row.id = id;
    row.appendChild(el('span', 'l', label));
    row.appendChild(el('span', 'v', value));
    return row;
  }
  function money(v) { return v === null || v === undefined ? '–' : t('yuan', { n: fmt.num(v, 2) }); }
  function day(iso) { return iso ? iso.slice(0, 10) : '–'; }
  function stepName(s) { return t('s_' + s); }
  function message(text, ok) { var m = $('step-msg'); m.textContent = text; m.className = ok ? 'msg ok' : 'msg'; }

  // ---- tabs and queue --------------------------------------------------------------------------
  function query() {
    var q = new URLSearchParams();
    if (state.tab) q.set('stage', state.tab);
    ['risk', 'type', 'org'].forEach(function (name) { var v = $('f-' + name).value; if (v) q.set(name, v); });
    return q;
  }

  function loadQueue() {
    return api('', { query: query() }).then(function (answer) {
      drawTabs(answer.counts);
      var list = clear($('queue'));
      answer.disputes.forEach(function (d) { list.appendChild(queueItem(d)); });
      $('queue-summary').textContent = answer.total ? t('count', { n: answer.total }) : t('none');
      ready('queue');
    }, showError);
  }

  function drawTabs(counts) {
    var nav = clear($('tabs'));
    var all = STAGES.reduce(function (n, s) { return n + (counts[s] || 0); }, 0);
    [''].concat(STAGES).forEach(function (stage) {
      var b = el('button', stage === state.tab ? 'on' : '');
      b.type = 'button'; b.setAttribute('role', 'tab'); b.dataset.tab = stage || 'all';
      b.setAttribute('aria-selected', String(stage === state.tab));
      b.appendChild(el('span', null, stage ? t('st_' + stage) : t('tab_all')));
      b.appendChild(el('span', 'count', stage ? counts[stage] || 0 : all));
      b.addEventListener('click', function () { state.tab = stage; loadQueue(); });
      nav.appendChild(b);
    });
  }

  function queueItem(d) {
    var li = el('li', 'item' + (state.current && d.id === state.current.id ? ' on' : ''));
    li.dataset.id = d.id; li.dataset.stage = d.stage; li.dataset.risk = d.risk_level;
    li.appendChild(el('span', 'dot risk-' + d.risk_level));
    var main = el('div', 'main');
    main.appendChild(el('div', 't', '#' + d.id + ' ' + d.type_name + ' · ' + t('st_' + d.stage)));
    main.appendChild(el('div', 's', [d.org_name, d.post].filter(Boolean).join(' · ') || '–'));
    var flags = [t('people') + ' ' + d.people_involved];
    if (d.amount_involved !== null) flags.push(money(d.amount_involved));
    if (d.next_session_at) flags.push(t('next_session') + ' ' + fmt.when(d.next_session_at));
    main.appendChild(el('div', 'f', flags.join(' · ')));
    li.appendChild(main);
    li.addEventListener('click', function () { openDispute(d.id); });
    return li;
  }

  // ---- one dispute -----------------------------------------------------------------------------
  function openDispute(id) {
    document.querySelectorAll('#queue .item').forEach(function (li) {
      li.classList.toggle('on', Number(li.dataset.id) === id);
    });
    return api(String(id)).then(showDispute, showError);
  }

  function showDispute(d) {
    state.current = d;
    $('d-empty').hidden = true; $('d-body').hidden = false;
    var title = clear($('d-title'));
    title.appendChild(el('span', null, '#' + d.id + ' ' + d.type_name + ' · ' + t('st_' + d.stage)));
    title.appendChild(el('span', 'badge risk-' + d.risk_level, t('risk_' + d.risk_level)));
    title.dataset.stage = d.stage; title.dataset.version = d.version;
    drawFacts(d); drawParties(d); drawLists(d); drawHistory(d); drawSteps(d); drawMap(d);
    ready('dispute');
  }

  function drawFacts(d) {
    var facts = clear($('d-facts'));
    var risk = t('risk_' + d.risk_level) + ' · ' + t('risk_of_rule', { l: t('risk_' + d.risk_rule_level) });
    if (d.risk_override) {
      risk += ' · ' + t('override', { l: t('risk_' + d.risk_override), r: d.risk_override_reason || '' });
    }
    facts.appendChild(field(t('risk'), risk, 'd-risk'));
    var reopened = d.reopen_count ? ' · ' + t('reopened', { n: d.reopen_count }) : '';
    facts.appendChild(field(t('stage'), t('st_' + d.stage) + reopened, 'd-stage'));
    facts.appendChild(field(t('people'), fmt.num(d.people_involved)));
    facts.appendChild(field(t('amount_involved'), money(d.amount_involved)));
    facts.appendChild(field(t('source'), t('src_' + d.source) + ' · ' + (d.source_ref || '')));
    facts.appendChild(field(t('reported'), fmt.when(d.received_at)));
    facts.appendChild(field(t('address'), d.address || d.title || '–'));
    var mediators = (d.mediators || []).map(function (m) { return m.name + (m.lead ? '（' + t('lead') + '）' : ''); });
    facts.appendChild(field(t('assigned'), [d.post, d.org_name].concat(mediators).filter(Boolean).join(' · ') || '–', 'd-assigned'));
    facts.appendChild(field(t('next_session'), fmt.when(d.next_session_at)));
    if (d.summary) facts.appendChild(field(t('note'), d.summary));
  }

  function drawParties(d) {
    var rows = clear($('d-parties'));
    d.parties.forEach(function (p) {
      var tr = el('tr');
      [t(p.side), p.name, p.phone || '–', p.id_number || '–', p.address || '–'].forEach(function (v) { tr.appendChild(el('td', null, v)); });
      rows.appendChild(tr);
    });
    $('d-no-parties').hidden = d.parties.length > 0;
  }

  function drawLists(d) {
    var sessions = clear($('d-sessions'));
    d.sessions.forEach(function (s) {
      var names = (s.attendees || []).map(function (a) { return a.name; }).join('、');
      var li = el('li');
      li.appendChild(el('span', 'l', fmt.when(s.held_at)));
      li.appendChild(el('span', null, [s.place, names, s.notes].filter(Boolean).join(' · ')));
      sessions.appendChild(li);
    });
    var agreements = clear($('d-agreements'));
    d.agreements.forEach(function (a) {
      var li = el('li');
      li.dataset.performance = a.performance || '';
      li.appendChild(el('span', 'l', t('deadline') + ' ' + day(a.deadline)));
      var parts = [a.terms, money(a.amount)];
      if (a.judicial_confirmation) parts.push(t('judicial_yes'));
      if (a.performance) parts.push(t('performance') + '：' + t('p_' + a.performance));
      li.appendChild(el('span', null, parts.join(' · ')));
      agreements.appendChild(li);
    });
    var handovers = clear($('d-handovers'));
    d.handovers.forEach(function (h) {
      var li = el('li');
      li.appendChild(el('span', 'l', fmt.when(h.handed_at)));
      li.appendChild(el('span', null, [t('t_' + h.target), h.body, h.reference, h.reason].filter(Boolean).join(' · ')));
      handovers.appendChild(li);
    });
  }

  function drawHistory(d) {
    var list = clear($('d-history'));
    d.history.forEach(function (e) {
      var li = el('li');
      li.appendChild(el('span', 'when', fmt.when(e.at)));
      var line = stepName(e.action) + (e.from_stage && e.to_stage !== e.from_stage ? '（' + t('st_' + e.from_stage) + ' → ' + t('st_' + e.to_stage) + '）' : '');
      li.appendChild(el('span', null, line + ' · ' + (e.by_name || e.operator || t('system'))));
      if (e.note) li.appendChild(el('div', 'note', e.note));
      list.appendChild(li);
    });
  }

  function drawMap(d) {
    shown.clearLayers();
    map.invalidateSize();
    if (d.lat === null || d.lat === undefined) return;
    var at = ll(d.lat, d.lon);
    shown.addLayer(L.circleMarker(at, { radius: 8, color: '#fff', weight: 2, fillOpacity: 1, fillColor: COLOURS[d.risk_level] }));
    map.setView(at, 16);
  }

  // ---- steps -----------------------------------------------------------------------------------
  function drawSteps(d) {
    var box = clear($('step-buttons'));
    $('step-fields').hidden = true; state.step = null;
    if (!d.steps.length) box.appendChild(el('span', 'muted', t('no_steps')));
    d.steps.forEach(function (s) {
      var b = el('button', 'action', stepName(s));
      b.type = 'button'; b.dataset.step = s;
      b.addEventListener('click', function () { chooseStep(s); });
      box.appendChild(b);
    });
  }

  function chooseStep(s) {
    state.step = s;
    $('step-fields').hidden = false;
    $('step-which').textContent = stepName(s);
    document.querySelectorAll('#step-fields [data-for]').forEach(function (node) {
      node.hidden = node.dataset.for.split(' ').indexOf(s) < 0;
    });
    $('s-note-label').textContent = s === 'risk' ? t('reason_required') : s === 'joint' ? t('decision_required') : t('note');
    message('');
    if (s === 'triage') fillTriage();
    if (s === 'joint') fillJoint();
    if (s === 'session' && !$('s-held-at').value) $('s-held-at').value = CONFIG.now.slice(0, 16);
    if (s === 'success' && !$('s-deadline').value) $('s-deadline').value = CONFIG.today;
  }

  function fillTriage() {
    var d = state.current;
    var centre = d.centre_code || d.street_code || d.district_code;
    var posts = centre ? api('posts', { query: new URLSearchParams({ centre: centre }) }) : Promise.resolve({ posts: [] });
    posts.then(function (answer) {
      var select = clear($('s-post'));
      answer.posts.forEach(function (p) { select.appendChild(el('option', null, p)).value = p; });
      if (d.post) select.value = d.post;
    }, showError);
    var orgs = clear($('s-org'));
    state.orgs.forEach(function (o) { orgs.appendChild(el('option', null, o.name)).value = o.code || String(o.id); });
    if (d.org_id) {
      var mine = state.orgs.filter(function (o) { return o.id === d.org_id; })[0];
      if (mine) orgs.value = mine.code || String(mine.id);
    }
    fillMediators();
  }

  function fillJoint() {
    var d = state.current;
    var centre = d.centre_code || d.street_code || d.district_code;
    if (!$('s-meeting-at').value) $('s-meeting-at').value = CONFIG.now.slice(0, 16);
    if (!centre) return;
    api('posts', { query: new URLSearchParams({ centre: centre }) }).then(function (answer) {
      var box = clear($('s-posts'));
      answer.posts.forEach(function (p) {
        var label = el('label');
        var check = el('input'); check.type = 'checkbox'; check.value = p;
        label.appendChild(check);
        label.appendChild(el('span', null, ' ' + p));
        box.appendChild(label);
      });
    }, showError);
  }

  function fillMediators() {
    var box = clear($('s-mediators'));
    var org = $('s-org').value;
    if (!org) return Promise.resolve();
    return api('mediators', { query: new URLSearchParams({ org: org }) }).then(function (answer) {
      answer.mediators.forEach(function (m) {
        var label = el('label');
        var box2 = el('input'); box2.type = 'checkbox'; box2.value = m.code || String(m.id);
        label.appendChild(box2);
        label.appendChild(el('span', null, ' ' + m.name + '（' + fmt.num(m.open_disputes) + '）'));
        box.appendChild(label);
      });
      ready('mediators');
    }, showError);
  }

  function stepBody(s) {
    var note = $('s-note').value.trim() || null;
    if (s === 'triage') {
      var mediators = Array.prototype.map.call(document.querySelectorAll('#s-mediators input:checked'), function (i) { return i.value; });
      return { post: $('s-post').value, org: $('s-org').value || null, mediators: mediators, note: note };
    }
    var names = $('s-attendees').value.split(/[,，、]/).map(function (a) { return a.trim(); }).filter(Boolean);
    if (s === 'joint') {
      var posts = Array.prototype.map.call(document.querySelectorAll('#s-posts input:checked'), function (i) { return i.value; });
      return { posts: posts, meeting_at: $('s-meeting-at').value, attendees: names, decision: note };
    }
    if (s === 'session') {
      return { held_at: $('s-held-at').value, place: $('s-place').value, attendees: names, notes: note };
    }
    if (s === 'success') {
      return { terms: $('s-terms').value, deadline: $('s-deadline').value, amount: $('s-amount').value.trim() || null,
               judicial_confirmation: $('s-judicial').checked, note: note };
    }
    if (s === 'failure') {
      return { target: $('s-target').value, body: $('s-body').value, reference: $('s-reference').value.trim() || null, reason: note };
    }
    if (s === 'follow_up') return { performance: $('s-performance').value, note: note };
    return { level: $('s-level').value || null, reason: note };
  }

  function send(event) {
    event.preventDefault();
    var s = state.step, d = state.current;
    if (!s || !d) return;
    $('step-send').disabled = true;
    var body = Object.assign(stepBody(s), { version: d.version });     // another desk moved it on: a 409
    api(d.id + '/' + PATHS[s], { method: 'POST', json: body }).then(function (after) {
      ['s-note', 's-terms', 's-amount', 's-body', 's-reference', 's-place', 's-attendees', 's-held-at', 's-deadline',
       's-meeting-at']
        .forEach(function (id) { $(id).value = ''; });
      showDispute(after);
      message(t('done', { a: stepName(s) }), true);
      return Promise.all([loadQueue(), loadSide()]);
    }, function (error) {
      if (error.status === 409) {
        message(t('conflict', { m: error.message }));
        return api(String(d.id)).then(function (again) { showDispute(again); message(t('conflict', { m: error.message })); });
      }
      message(error.code === 'network' ? t('network') : t('refused', { m: error.message }));
    }).then(function () { $('step-send').disabled = false; });
  }

  // ---- beside: KPIs and organisations ----------------------------------------------------------
  function loadSide() {
    var level = KPI_LEVEL[CONFIG.me.role];
    var kpis = level && CONFIG.scope.length === 1
      ? api('kpis', { query: new URLSearchParams({ level: level }) }).then(drawKpis, showError) : Promise.resolve();
    $('kpis').hidden = !(level && CONFIG.scope.length === 1);
    var orgs = api('organisations').then(function (answer) {
      state.orgs = answer.organisations;
      var list = clear($('org-list'));
      var filter = $('f-org'), chosen = filter.value;
      clear(filter).appendChild(el('option', null, t('any_org'))).value = '';
      answer.organisations.forEach(function (o) {
        list.appendChild(el('li', null, o.name + '：' + fmt.num(o.open_disputes)));
        filter.appendChild(el('option', null, o.name)).value = o.code || String(o.id);
      });
      filter.value = chosen;
    }, showError);
    return Promise.all([kpis, orgs]).then(function () { ready('side'); });
  }

  function drawKpis(answer) {
    var rows = clear($('kpi-rows'));
    answer.cells.filter(function (c) { return c.received > 0; }).forEach(function (c) {
      var tr = el('tr');
      tr.dataset.code = c.code; tr.dataset.toCourt = c.to_court; tr.dataset.received = c.received;
      tr.dataset.reopened = c.open;
      [c.name || c.code, fmt.num(c.received), fmt.pct(c.resolution_rate), fmt.pct(c.success_rate), fmt.num(c.to_court),
       fmt.pct(c.performance_rate)].forEach(function (v) { tr.appendChild(el('td', null, v)); });
      rows.appendChild(tr);
    });
  }

  function loadTypes() {
    return api('types').then(function (answer) {
      var select = $('f-type');
      answer.types.forEach(function (ty) { select.appendChild(el('option', null, ty.name)).value = ty.code; });
    }, showError);
  }

  function showError(error) {
    var text = error && error.code === 'network' ? t('network') : t('refused', { m: error && error.message });
    $('queue-summary').textContent = text;
  }

  window.GridgovUi.translatePage(t);
  $('who').textContent = CONFIG.me.username;
  if (CONFIG.me.role === 'grid_member' || CONFIG.me.role === 'department') $('link-command').hidden = true;
  if (CONFIG.me.role === 'grid_member') $('link-desk').hidden = true;
  $('filters').addEventListener('change', loadQueue);
  $('s-org').addEventListener('change', fillMediators);
  $('step').addEventListener('submit', send);
  $('step-cancel').addEventListener('click', function () { $('step-fields').hidden = true; state.step = null; });
  Promise.all([loadTypes(), loadSide(), loadQueue()]).then(function () {
    var asked = Number(new URLSearchParams(window.location.search).get('dispute'));
    return asked ? openDispute(asked) : null;
  }).then(function () { document.body.dataset.disputesReady = '1'; });
})();
