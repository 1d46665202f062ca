/* The staff workbench: tabs and the queue of /api/v1/desk/cases, one case with its map, history, linked
   tickets and calls, and the actions this account may take on it; beside them the call-backs (回访), the
   cases the rules put forward for supervision (挂牌督办), the departments' lateness (吹哨报到) and the
   responsibility list (权责清单).
   Rule: text from the server goes into the page with textContent only — never parsed as HTML. */
(function () {
  'use strict';
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var map = window[CONFIG.map];
  map.attributionControl.setPrefix(false);
  var GCJ = CONFIG.gcj02 && window.GridgovGcj02;
  var TEXT = window.GridgovDeskText;
  var lang = window.GridgovUi.pageLang();
  var t = window.GridgovUi.translator(TEXT, lang);
  var fmt = window.GridgovUi.formats(lang, 'short');
  var el = window.GridgovUi.el, clear = window.GridgovUi.clear;
  var $ = function (id) { return document.getElementById(id); };
  var NOTE_REQUIRED = ['answer', 'return', 'joint_review'];
  var LEVELS = ['grid', 'community', 'street', 'district', 'department'];
  var CHANNELS = ['hotline', 'police110', 'patrol', 'app', 'petition', 'assigned'];
  var COLOURS = { red: '#e5484d', yellow: '#f0a020', green: '#2f9e5a' };
  var state = { tab: 'working', page: 1, total: 0, caseId: null, current: null, action: null, departments: [],
                drawn: 0 };
  var caseLayer = L.layerGroup().addTo(map);

  function api(path, options) {
    return window.GridgovUi.request('desk/' + path, Object.assign({ next: '/desk', offline: t('network') }, options));
  }
  function ready(name) { document.body.dataset[name] = String(++state.drawn); }
  function span(hours) {
    var h = Math.abs(hours);
    return h >= 48 ? t('days_n', { n: fmt.num(h / 24, 1) }) : t('hours_n', { n: fmt.num(h, h < 10 ? 1 : 0) });
  }
  function timerText(timer) {
    if (!timer) return t('no_timer');
    var text = timer.hours_left < 0 ? t('overdue_by', { t: span(timer.hours_left) }) : t('left', { t: span(timer.hours_left) });
    return timer.running ? text : text + ' · ' + t('paused');
  }
  function categoryName(c) { return (lang === 'en' && c.category_name_en) || c.category_name || c.category_code || ''; }
  function field(label, value) {
    var row = el('div', 'field');
    row.appendChild(el('span', 'l', label));
    row.appendChild(el('span', 'v', value));
    return row;
  }

  // ---- tabs and queue --------------------------------------------------------------------------
  function loadTabs() {
    return api('tabs').then(function (answer) {
      var nav = clear($('tabs'));
      answer.tabs.forEach(function (tab) {
        var b = el('button', tab.tab === state.tab ? 'on' : '', null);
        b.type = 'button'; b.setAttribute('role', 'tab'); b.dataset.tab = tab.tab;
        b.setAttribute('aria-selected', String(tab.tab === state.tab));
        b.appendChild(el('span', null, t('tab_' + tab.tab)));
        b.appendChild(el('span', 'count', tab.count));
        b.addEventListener('click', function () { state.tab = tab.tab; state.page = 1; loadTabs(); loadQueue(); });
        nav.appendChild(b);
      });
      ready('tabs');
    });
  }

  function queryOfFilters() {
    var q = new URLSearchParams({ tab: state.tab, page: String(state.page) });
    ['colour', 'channel', 'level', 'category', 'handler'].forEach(function (name) {
      var v = $('f-' + name).value.trim();
      if (v) q.set(name, v);
    });
    ['repeat', 'supervised', 'bounced'].forEach(function (name) { if ($('f-' + name).checked) q.set(name, '1'); });
    return q;
  }

  function loadQueue() {
    return api('cases', { query: queryOfFilters() }).then(function (answer) {
      state.total = answer.total;
      var list = clear($('queue'));
      answer.cases.forEach(function (c) { list.appendChild(queueItem(c)); });
      $('queue-summary').textContent = answer.total ? t('page', { p: answer.page, n: answer.total }) : t('none');
      $('prev').disabled = answer.page <= 1;
      $('next').disabled = answer.page * answer.page_size >= answer.total;
      ready('queue');
    }, showError);
  }

  function queueItem(c) {
    var li = el('li', 'item' + (c.id === state.caseId ? ' on' : ''));
    li.dataset.caseId = c.id;
    var dot = el('span', 'dot');
    dot.style.background = c.timer ? COLOURS[c.timer.colour] : '#8b8d98';
    li.appendChild(dot);
    var main = el('div', 'main');
    main.appendChild(el('div', 't', '#' + c.id + ' ' + categoryName(c) + ' · ' + t('st_' + c.status)));
    main.appendChild(el('div', 's', c.title || c.address || ''));
    var flags = [timerText(c.timer), c.handler_name || ''];
    if (c.supervised) flags.push(t('supervised'));
    if (c.repeat_of) flags.push(t('repeat_of', { id: c.repeat_of }));
    if (c.bounced) flags.push(t('bounced'));
    main.appendChild(el('div', 'f', flags.filter(Boolean).join(' · ')));
    li.appendChild(main);
    li.addEventListener('click', function () { openCase(c.id); });
    return li;
  }

  // ---- one case --------------------------------------------------------------------------------
  function openCase(id) {
    state.caseId = id;
    document.querySelectorAll('#queue .item').forEach(function (li) { li.classList.toggle('on', Number(li.dataset.caseId) === id); });
    return api('cases/' + id).then(showCase, showError);
  }

  function showCase(c) {
    state.current = c;
    $('case-empty').hidden = true; $('case-body').hidden = false;
    $('case-title').textContent = '#' + c.id + ' ' + categoryName(c) + ' · ' + t('st_' + c.status);
    var facts = clear($('case-facts'));
    facts.appendChild(field(t('ticket'), t('ch_' + c.channel) + ' ' + c.source_ref));
    facts.appendChild(field(t('reported_at'), fmt.when(c.reported_at)));
    facts.appendChild(field(t('address'), c.address || '–'));
    facts.appendChild(field(t('handler'), c.handler_name ? c.handler_name + ' (' + t('lv_' + c.handler_level) + ')' : '–'));
    if (c.co_handlers.length) facts.appendChild(field(t('co_handlers'), c.co_handlers.map(function (p) { return p.name; }).join('、')));
    facts.appendChild(field(t('timer'), timerText(c.timer)));
    var flags = [];
    if (c.urge_count) flags.push(t('urged', { n: c.urge_count }));
    if (c.return_count) flags.push(t('returned_n', { n: c.return_count }));
    if (c.supervised) flags.push(t('supervised'));
    if (c.direct_answer) flags.push(t('direct'));
    if (c.repeat_of) flags.push(t('repeat_of', { id: c.repeat_of }));
    if (flags.length) facts.appendChild(field('', flags.join(' · ')));
    if (c.title) facts.appendChild(el('p', 'text', c.title));
    drawCase(c);
    showActions(c);
    showLists(c);
    ready('caseShown');
  }

  function ll(lat, lon) { return GCJ ? L.latLng.apply(null, GCJ.toGcj02(lat, lon)) : L.latLng(lat, lon); }
  function drawCase(c) {
    caseLayer.clearLayers();
    map.invalidateSize();
    var bounds = null;
    if (c.outline) {
      var outline = L.geoJSON(c.outline.geometry, { coordsToLatLng: function (p) { return ll(p[1], p[0]); },
                                                   style: { color: '#1f6feb', weight: 2, fillOpacity: 0.05 } });
      caseLayer.addLayer(outline); bounds = outline.getBounds();
    }
    if (c.lat !== null) {
      var at = ll(c.lat, c.lon);
      caseLayer.addLayer(L.circleMarker(at, { radius: 7, color: '#fff', weight: 2, fillOpacity: 1,
                                              fillColor: c.timer ? COLOURS[c.timer.colour] : '#8b8d98' }));
      bounds = bounds ? bounds.extend(at) : L.latLngBounds([at, at]);
    }
    if (bounds) map.fitBounds(bounds.pad(0.2), { maxZoom: 17 });
  }

  function showActions(c) {
    var box = clear($('act-buttons'));
    $('act-fields').hidden = true; state.action = null;
    if (!c.actions.length) box.appendChild(el('span', 'muted', t('no_actions')));
    c.actions.forEach(function (a) {
      var b = el('button', 'action', t('a_' + a));
      b.type = 'button'; b.dataset.action = a;
      b.addEventListener('click', function () { chooseAction(a); });
      box.appendChild(b);
    });
  }

  function chooseAction(action) {
    state.action = action;
    $('act-fields').hidden = false;
    $('act-which').textContent = t('a_' + action);
    $('act-msg').textContent = '';
    var level = $('a-level').value;
    document.querySelectorAll('#act-fields [data-for]').forEach(function (row) {
      var wants = row.dataset.for.split(' ');
      row.hidden = wants[0] === 'dispatch' && wants[1] === 'department'
        ? !(action === 'dispatch' && level === 'department') : wants.indexOf(action) < 0;
    });
    $('a-note-label').textContent = t(NOTE_REQUIRED.indexOf(action) >= 0 ? 'note_required' : 'note');
  }

  function checked(boxId) {
    return Array.prototype.map.call(document.querySelectorAll('#' + boxId + ' input:checked'), function (i) { return i.value; });
  }

  function actionBody(action) {
    var body = { action: action, version: state.current.version, note: $('a-note').value.trim() || null };
    if (action === 'dispatch') {
      body.level = $('a-level').value;
      if (body.level === 'department') {
        body.to = $('a-lead').value || null;
        body.co = checked('a-co').filter(function (id) { return id !== body.to; });
      } else if ($('a-to').value.trim()) {
        body.to = $('a-to').value.trim();
      }
    }
    if (action === 'whistle' || action === 'joint_review') body.departments = checked('a-departments');
    if ((action === 'whistle' || action === 'extend') && $('a-hours').value) body.hours = Number($('a-hours').value);
    if (action === 'joint_review') {
      body.meeting = { at: $('a-meeting-at').value,
                       attendees: $('a-attendees').value.split(/[,，、]/).map(function (s) { return s.trim(); }).filter(Boolean) };
    }
    if (action === 'rate') body.rating = $('a-rating').value;
    return body;
  }

  function send(event) {
    event.preventDefault();
    var action = state.action;
    if (!action) return;
    if (NOTE_REQUIRED.indexOf(action) >= 0 && !$('a-note').value.trim()) {
      $('act-msg').textContent = t('refused', { m: t('note_required') });
      return;
    }
    $('act-send').disabled = true;
    api('cases/' + state.current.id + '/actions', { json: actionBody(action) }).then(function (answer) {
      $('a-note').value = '';
      return openCase(state.current.id).then(function () {
        $('act-msg').textContent = answer.reopened ? t('reopened') : t('done', { a: t('a_' + action) });
        $('act-msg').classList.add('ok');
        ready('acted');
      });
    }, function (error) {
      var conflict = error.status === 409;
      var reload = conflict ? openCase(state.current.id) : Promise.resolve();
      return reload.then(function () {
        $('act-msg').textContent = t(conflict ? 'conflict' : 'refused', { m: error.message });
        $('act-msg').classList.remove('ok');
        ready('refusedAction');
      });
    }).then(function () { $('act-send').disabled = false; loadTabs(); loadQueue(); loadSide(); });
  }

  function showLists(c) {
    var linked = clear($('case-linked'));
    c.linked.forEach(function (r) {
      var li = el('li', 'link', '#' + r.id + ' ' + t('ch_' + r.channel) + ' ' + r.source_ref + ' · ' + t('st_' + r.status));
      li.addEventListener('click', function () { openCase(r.id); });
      linked.appendChild(li);
    });
    var whistles = clear($('case-whistles'));
    c.whistles.forEach(function (w) {
      var text = w.department_name + ' · ' + t('due') + ' ' + fmt.when(w.due_at) + ' · '
        + (w.answered_at ? t('answered') + ' ' + fmt.when(w.answered_at) : t('not_answered'));
      whistles.appendChild(el('li', w.late ? 'late' : '', text + (w.late ? ' · ' + t('late_flag') : '')));
    });
    var photos = clear($('case-photos'));
    c.photos.forEach(function (p) {
      var img = el('img'); img.src = '/api/v1/member/photos/' + p.id; img.alt = fmt.when(p.uploaded_at); img.loading = 'lazy';
      photos.appendChild(img);
    });
    var history = clear($('case-history'));
    c.history.forEach(function (e) {
      var li = el('li');
      li.appendChild(el('span', 'when', fmt.when(e.at)));
      li.appendChild(el('span', 'what', t('a_' + e.action) + ' · ' + (e.by_name || t('system'))));
      if (e.note) li.appendChild(el('div', 'note', e.note));
      if (e.details && e.details.decision) li.appendChild(el('div', 'note', (e.details.attendees || []).join('、')));
      history.appendChild(li);
    });
  }

  // ---- the side lists ----------------------------------------------------------------------------
  function loadSide() {
    return Promise.all([
      api('followups').then(showFollowups),
      api('supervision').then(showSupervision),
      api('whistles').then(showLateness),
      api('responsibilities').then(showResponsibilities)
    ]).then(function () { ready('side'); }, showError);
  }

  function showFollowups(answer) {
    $('followups-count').textContent = answer.total;
    var list = clear($('followup-list'));
    answer.calls.slice(0, 20).forEach(function (c) {
      var li = el('li', 'link');
      li.dataset.caseId = c.id;
      li.appendChild(el('div', null, '#' + c.id + ' ' + (c.category_name || '') + ' · ' + fmt.when(c.closed_at)));
      var who = el('div', 'phone', t('reporter') + ' ' + (c.reporter_name || '–') + ' ');
      if (c.reporter_phone) {
        var a = el('a', null, c.reporter_phone);
        if (answer.caller) a.href = 'tel:' + c.reporter_phone.replace(/[^0-9+]/g, '');
        who.appendChild(a);
      }
      li.appendChild(who);
      li.addEventListener('click', function () { openCase(c.id).then(function () { chooseAction('rate'); }); });
      list.appendChild(li);
    });
  }

  function showSupervision(answer) {
    $('supervision-count').textContent = answer.cases.length;
    var list = clear($('supervision-list'));
    answer.cases.slice(0, 30).forEach(function (c) {
      var rules = c.rules.map(function (r) {
        return t('rules_' + r, { n: r === 'reopened' ? c.reopened : c.recent_repeats });
      });
      var li = el('li', 'link', '#' + c.id + ' · ' + rules.join('、'));
      li.dataset.caseId = c.id;
      li.addEventListener('click', function () { openCase(c.id); });
      list.appendChild(li);
    });
  }

  function showLateness(answer) {
    var rows = clear($('lateness-rows'));
    answer.departments.forEach(function (d) {
      var tr = el('tr');
      [d.name, d.calls, d.answered_late, d.overdue_unanswered].forEach(function (v) { tr.appendChild(el('td', null, v)); });
      rows.appendChild(tr);
    });
  }

  function showResponsibilities(answer) {
    var list = clear($('resp-list'));
    answer.lines.forEach(function (line) {
      list.appendChild(el('li', null, line.category_code + ' ' + line.category_name + ' → ' + line.department_name
        + (line.matter ? '（' + line.matter + '）' : '')));
    });
    $('resp-form').hidden = !answer.editable;
  }

  function loadDepartments() {
    return api('departments').then(function (answer) {
      state.departments = answer.departments;
      var lead = clear($('a-lead'));
      lead.appendChild(el('option', null, '—')).value = '';
      var respDept = clear($('resp-department'));
      ['a-co', 'a-departments'].forEach(function (id) { clear($(id)); });
      answer.departments.forEach(function (d) {
        var label = d.name + ' (' + d.open_cases + ')';
        var option = el('option', null, label); option.value = String(d.id); lead.appendChild(option);
        var option2 = el('option', null, d.name); option2.value = String(d.id); respDept.appendChild(option2);
        ['a-co', 'a-departments'].forEach(function (id) {
          var lab = el('label', 'check');
          var box = el('input'); box.type = 'checkbox'; box.value = String(d.id);
          lab.appendChild(box); lab.appendChild(el('span', null, d.name));
          $(id).appendChild(lab);
        });
      });
    });
  }

  function saveResponsibility(event) {
    event.preventDefault();
    var line = { category: $('resp-category').value.trim(), department: $('resp-department').value,
                 matter: $('resp-matter').value.trim() || null };
    api('responsibilities', { json: { lines: [line] } }).then(function () {
      $('resp-msg').textContent = t('saved');
      return api('responsibilities').then(showResponsibilities);
    }, function (error) { $('resp-msg').textContent = t('refused', { m: error.message }); });
  }

  function showError(error) { $('queue-summary').textContent = t('refused', { m: error.message }); }

  // ---- start ---------------------------------------------------------------------------------------
  function fillChoices() {
    CHANNELS.forEach(function (c) { $('f-channel').appendChild(el('option', null, t('ch_' + c))).value = c; });
    LEVELS.forEach(function (l) {
      $('f-level').appendChild(el('option', null, t('lv_' + l))).value = l;
      $('a-level').appendChild(el('option', null, t('lv_' + l))).value = l;
    });
    $('a-level').addEventListener('change', function () { if (state.action) chooseAction(state.action); });
  }

  window.GridgovUi.translatePage(t);
  document.querySelectorAll('[data-i18n-placeholder]').forEach(function (node) {
    node.placeholder = t(node.getAttribute('data-i18n-placeholder'));
  });
  $('who').textContent = CONFIG.me.username;
  if (CONFIG.me.role === 'department') { $('link-command').hidden = true; $('link-review').hidden = true; }
  fillChoices();
  $('filters').addEventListener('change', function () { state.page = 1; loadQueue(); });
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); state.page = 1; loadQueue(); });
  $('prev').addEventListener('click', function () { state.page -= 1; loadQueue(); });
  $('next').addEventListener('click', function () { state.page += 1; loadQueue(); });
  $('act').addEventListener('submit', send);
  $('act-cancel').addEventListener('click', function () { $('act-fields').hidden = true; state.action = null; });
  $('resp-form').addEventListener('submit', saveResponsibility);
  loadDepartments().then(function () { return Promise.all([loadTabs(), loadQueue(), loadSide()]); })
    .then(function () {
      var asked = Number(new URLSearchParams(window.location.search).get('case'));
      return asked ? openCase(asked) : null;
    }).then(function () { document.body.dataset.deskReady = '1'; });
})();
