/* The petition office's page: register a matter (form, petitioners, category, cell, handling body) and show at
   once whether the system found it a repeat and of which earlier matter; the steps of the 条例 (accept, handle,
   extend, review …); the first proxy agent, the call to the level above and the response; the backlog register
   (put on it with its leader, weekly consultation, 销号); the citizen's satisfaction with the proxy; the next
   reception day, bringing the open matter to an upcoming day and each matter's outcome there; suggestions and
   adoption.
   Everything through /api/v1/petitions (webmap/petitions_api.py).
   Rule: text from the server goes into the page with textContent only — never parsed as HTML. */
(function () {
  'use strict';
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var UI = window.GridgovUi;
  var lang = UI.pageLang();
  var t = UI.translator(window.GridgovPetitionsText, lang);
  var fmt = UI.formats(lang, 'short');
  var el = UI.el, clear = UI.clear;
  var $ = function (id) { return document.getElementById(id); };
  var STAGES = ['registered', 'accepted', 'not_accepted', 'handled', 'reviewing', 'reviewed', 'rereviewing', 'rereviewed'];
  var TEXT_OF = { accept: 'note', not_accept: 'reason', extend: 'reason', handle: 'opinion', request_review: 'note',
                  review: 'opinion', request_rereview: 'note', rereview: 'opinion' };
  var categories = {};
  var state = { tab: '', current: null, step: null, drawn: 0, days: [] };

  function api(path, options) {
    return UI.request('petitions' + (path ? '/' + path : ''), Object.assign({ next: '/petitions', offline: t('network') }, options));
  }
  function post(path, body) { return api(path, { json: body || {} }); }
  function ready(name) { document.body.dataset[name] = String(++state.drawn); }
  function field(label, value, cls) {
    var row = el('div', 'field' + (cls ? ' ' + cls : ''));
    row.appendChild(el('span', 'l', label));
    row.appendChild(el('span', 'v', value === null || value === undefined || value === '' ? '–' : String(value)));
    return row;
  }
  function day(iso) { return iso ? String(iso).slice(0, 10) : '–'; }
  function pct(v) { return v === null || v === undefined ? '–' : fmt.pct(v); }
  function message(id, text, ok) { var m = $(id); m.textContent = text || ''; m.className = ok ? 'msg ok' : 'msg'; }
  function failed(id) { return function (e) { message(id, e.message); ready('failed'); }; }

  // ---- tabs and the list ---------------------------------------------------------------------------
  function loadQueue() {
    return api('', { query: new URLSearchParams(state.tab ? { stage: state.tab } : {}) }).then(function (answer) {
      drawTabs(answer.counts);
      var list = clear($('queue'));
      answer.matters.forEach(function (m) {
        var li = el('li', 'item' + (state.current && state.current.id === m.id ? ' on' : ''));
        li.dataset.id = m.id;
        var main = el('div', 'main');
        main.appendChild(el('div', 't', (m.source_ref || '#' + m.id) + ' · ' + t('form_' + m.form)));
        main.appendChild(el('div', 's', t('st_' + m.stage) + ' · ' + day(m.registered_on) + ' · ' + m.handling_body +
          (m.repeat_of ? ' · ↻' : '') + (m.collective ? ' · ' + t('collective') : '')));
        li.appendChild(main);
        li.addEventListener('click', function () { open(m.id); });
        list.appendChild(li);
      });
      $('queue-summary').textContent = answer.total ? t('count', { n: answer.total }) : t('none');
      ready('queue');
    }).catch(failed('r-msg'));
  }
  function drawTabs(counts) {
    var box = clear($('tabs'));
    [''].concat(STAGES).forEach(function (s) {
      var b = el('button', s === state.tab ? 'on' : '', s ? t('st_' + s) : t('all'));
      b.type = 'button';
      if (s) b.appendChild(el('span', 'count', String(counts[s] || 0)));
      b.addEventListener('click', function () { state.tab = s; loadQueue(); });
      box.appendChild(b);
    });
  }

  // ---- registering ---------------------------------------------------------------------------------
  function personRow() {
    var row = el('div', 'person');
    [['name', 50], ['phone', 30], ['id_number', 18]].forEach(function (f) {
      var input = el('input'); input.name = f[0]; input.maxLength = f[1]; input.placeholder = t(f[0]);
      input.setAttribute('aria-label', t(f[0]));
      row.appendChild(input);
    });
    var remove = el('button', 'remove', '×'); remove.type = 'button'; remove.title = t('remove');
    remove.addEventListener('click', function () { if ($('r-people').children.length > 1) row.remove(); });
    row.appendChild(remove);
    $('r-people').appendChild(row);
    return row;
  }
  function register(event) {
    event.preventDefault();
    var people = Array.prototype.map.call($('r-people').children, function (row) {
      var p = {};
      ['name', 'phone', 'id_number'].forEach(function (k) { var v = row.querySelector('[name=' + k + ']').value.trim(); if (v) p[k] = v; });
      return p;
    }).filter(function (p) { return Object.keys(p).length; });
    var body = { form: $('r-form').value, petitioners: people, category: $('r-category').value || null,
                 title: $('r-title').value.trim(), cell: $('r-cell').value.trim() || null,
                 address: $('r-address').value.trim(), handling_body: $('r-body').value.trim(),
                 summary: $('r-summary').value.trim() };
    message('r-msg', '');
    return post('', body).then(function (matter) {
      message('r-msg', t('registered_ok', { ref: matter.source_ref }), true);
      $('register').reset(); clear($('r-people')); personRow();
      show(matter, true);
      return Promise.all([loadQueue(), loadSide()]).then(function () { ready('registered'); });
    }).catch(failed('r-msg'));
  }

  // ---- one matter ----------------------------------------------------------------------------------
  function open(id) { return api(String(id)).then(function (m) { show(m, false); }).catch(failed('step-msg')); }
  function show(m, justRegistered) {
    state.current = m;
    $('m-empty').hidden = true; $('m-body').hidden = false;
    $('m-title').textContent = (m.title || t('title_field')) + ' · ' + m.source_ref;
    var banner = $('m-repeat');
    if (m.repeat) {
      banner.textContent = t('repeat_found', { ref: m.repeat.earlier_ref, date: day(m.repeat.earlier_registered_on),
        by: (m.repeat.matched_on || []).map(function (k) { return t('by_' + k); }).join('、') });
      banner.className = 'banner repeat'; banner.hidden = false;
    } else if (justRegistered) {
      banner.textContent = t('first_found'); banner.className = 'banner first'; banner.hidden = false;
    } else banner.hidden = true;
    var facts = clear($('m-facts'));
    facts.appendChild(field(t('f_ref'), m.source_ref));
    facts.appendChild(field(t('f_form'), t('form_' + m.form)));
    facts.appendChild(field(t('f_stage'), t('st_' + m.stage)));
    facts.appendChild(field(t('f_registered'), day(m.registered_on)));
    facts.appendChild(field(t('f_due'), day(m.current_due) + (m.overdue ? ' · ' + t('f_overdue') : ''), m.overdue ? 'late' : ''));
    facts.appendChild(field(t('f_body'), m.handling_body));
    facts.appendChild(field(t('f_category'), (categories[m.category_code] || {}).name || m.category_code || m.category_text));
    facts.appendChild(field(t('f_cell'), m.grid_code || m.community_code || m.street_code || m.district_code));
    facts.appendChild(field(t('f_count'), m.petitioner_count + (m.collective ? ' · ' + t('collective') : '')));
    var people = clear($('m-people'));
    m.petitioners.forEach(function (p) {
      var tr = el('tr');
      [p.position, p.name, p.phone, p.id_number].forEach(function (v) { tr.appendChild(el('td', null, v === null || v === undefined ? '–' : String(v))); });
      people.appendChild(tr);
    });
    drawSteps(m); drawProxy(m); drawBacklog(m); drawBring();
    var history = clear($('m-history'));
    m.history.forEach(function (e) {
      var li = el('li');
      li.appendChild(el('span', 'l', fmt.when(e.at)));
      li.appendChild(document.createTextNode((t('s_' + e.action) !== 's_' + e.action ? t('s_' + e.action) : e.action) +
        (e.to_stage ? ' → ' + t('st_' + e.to_stage) : '') + (e.late ? ' ⚠' : '') + (e.note ? ' · ' + e.note : '')));
      history.appendChild(li);
    });
    Array.prototype.forEach.call(document.querySelectorAll('#queue .item'), function (li) {
      li.classList.toggle('on', Number(li.dataset.id) === m.id);
    });
    ready('matter');
  }

  function drawSteps(m) {
    var box = clear($('step-buttons'));
    $('step-fields').hidden = true; state.step = null;
    (m.steps || []).forEach(function (s) {
      var b = el('button', 'action', t('s_' + s)); b.type = 'button'; b.dataset.step = s;
      b.addEventListener('click', function () { chooseStep(s); });
      box.appendChild(b);
    });
    $('step').hidden = !m.can_act;
  }
  function chooseStep(s) {
    state.step = s;
    $('step-fields').hidden = false;
    $('step-which').textContent = t('s_' + s);
    $('s-text-label').textContent = t('text_' + TEXT_OF[s]);
    $('s-text').value = ''; $('s-on').value = CONFIG.today; $('s-days').value = '';
    document.querySelector('#step [data-for=days]').hidden = s !== 'extend';
    document.querySelector('#step [data-for=satisfaction]').hidden = ['handle', 'review', 'rereview'].indexOf(s) < 0;
  }
  function submitStep(event) {
    event.preventDefault();
    var s = state.step, m = state.current;
    if (!s || !m) return null;
    var body = { on: $('s-on').value || null };
    body[TEXT_OF[s]] = $('s-text').value.trim();
    if (s === 'extend') body.days = Number($('s-days').value);
    if ($('s-satisfaction').value) body.satisfaction = $('s-satisfaction').value;
    return post(m.id + '/steps/' + s, body).then(function (after) {
      show(after); message('step-msg', t('done'), true); return loadQueue();
    }).catch(failed('step-msg'));
  }

  // ---- proxy and call–response ---------------------------------------------------------------------
  function drawProxy(m) {
    var box = clear($('m-proxy'));
    if (m.proxy) {
      box.appendChild(field(t('agent'), m.proxy.agent_name + ' (' + t('lv_' + m.proxy.agent_level) + ')'));
      box.appendChild(field(t('taken_at'), fmt.when(m.proxy.taken_at)));
      if (m.proxy.satisfaction) {
        box.appendChild(field(t('proxy_satisfaction'), t('sat_' + m.proxy.satisfaction) + ' · ' + fmt.when(m.proxy.rated_at)));
      }
    } else box.appendChild(field(t('agent'), t('no_proxy')));
    $('proxy').hidden = !m.can_act;
    $('p-take').hidden = !!m.proxy;
    $('p-call-row').hidden = !m.proxy;
    $('p-rate-row').hidden = !m.proxy || !!m.proxy.satisfaction;
    var calls = clear($('m-calls'));
    (m.calls || []).forEach(function (c) { calls.appendChild(callItem(c, false)); });
  }
  function callItem(c, answerable) {
    var li = el('li');
    li.dataset.call = c.id;
    li.appendChild(el('span', 'l', fmt.when(c.called_at)));
    li.appendChild(document.createTextNode(t('call_line', { from: c.from_name, level: t('lv_' + c.to_level), reason: c.reason }) + ' · '));
    li.appendChild(el('span', c.lateness === 'late' || c.lateness === 'overdue' ? 'late' : 'ontime', t('lt_' + c.lateness)));
    if (c.response_note) li.appendChild(document.createTextNode(' · ' + c.response_note));
    if (answerable) {
      var note = el('input'); note.placeholder = t('respond_note'); note.setAttribute('aria-label', t('respond_note'));
      var b = el('button', 'action', t('respond')); b.type = 'button';
      b.addEventListener('click', function () {
        post('calls/' + c.id + '/respond', { note: note.value.trim() }).then(function () {
          return Promise.all([loadSide(), state.current ? open(state.current.id) : null]);
        }).then(function () { ready('responded'); }).catch(failed('proxy-msg'));
      });
      li.appendChild(note); li.appendChild(b);
    }
    return li;
  }
  function take() {
    var m = state.current;
    return post(m.id + '/proxy', {}).then(function (after) { show(after); message('proxy-msg', t('done'), true); })
      .catch(failed('proxy-msg'));
  }
  function rateProxy() {
    var m = state.current;
    return post(m.id + '/proxy/rating', { satisfaction: $('p-satisfaction').value })
      .then(function (after) { show(after); message('proxy-msg', t('rated'), true); })
      .catch(failed('proxy-msg'));
  }
  function callAbove() {
    var m = state.current;
    return post(m.id + '/calls', { reason: $('p-reason').value.trim(), due_hours: Number($('p-hours').value) || null })
      .then(function (after) { show(after); $('p-reason').value = ''; message('proxy-msg', t('called'), true); return loadSide(); })
      .catch(failed('proxy-msg'));
  }

  // ---- the backlog register --------------------------------------------------------------------------
  function drawBacklog(m) {
    var b = m.backlog, box = clear($('m-backlog')), list = clear($('m-consultations'));
    if (!b) box.appendChild(field(t('b_status'), t('not_on_backlog')));
    else {
      box.appendChild(field(t('b_leader'), b.leader_name + ' · ' + b.leader_post));
      box.appendChild(field(t('b_status'), t('b_' + b.status) + (b.closed_off_on ? ' · ' + day(b.closed_off_on) : '')));
      box.appendChild(field(t('b_registered'), fmt.when(b.registered_at)));
      box.appendChild(field(t('b_consultations'), String((b.consultations || []).length)));
      (b.consultations || []).forEach(function (c) {
        var li = el('li');
        li.appendChild(el('span', 'l', day(c.held_on)));
        li.appendChild(document.createTextNode((c.attendees || []).join('、') + ' · ' + c.decisions));
        list.appendChild(li);
      });
    }
    $('backlog').hidden = !m.can_act || (b && b.status !== 'open');
    var status = b ? b.status : 'none';
    Array.prototype.forEach.call(document.querySelectorAll('#backlog [data-when]'), function (row) {
      row.hidden = row.dataset.when !== status;
    });
    $('b-held').value = CONFIG.today;
  }
  function backlogStep(path, body, done) {
    return post(path, body).then(function () { message('backlog-msg', t(done), true); return Promise.all([open(state.current.id), loadSide()]); })
      .then(function () { ready('backlog'); }).catch(failed('backlog-msg'));
  }

  // ---- reception days: bring the open matter to an upcoming day, each matter's outcome --------------------
  function sinceDay(days) {
    var d = new Date(CONFIG.today + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() - days);
    return d.toISOString().slice(0, 10);
  }
  function loadReception() {
    return api('reception', { query: new URLSearchParams({ since: sinceDay(92) }) }).then(function (answer) {
      state.days = answer.days;
      drawReception(); drawBring();
    });
  }
  function dayLabel(d) { return day(d.held_on) + ' · ' + d.leader_name + (d.topic ? ' · ' + d.topic : ''); }
  function drawBring() {
    var m = state.current, form = $('reception-bring');
    var upcoming = state.days.filter(function (d) {
      return day(d.held_on) >= CONFIG.today && !(m && d.brought.some(function (b) { return b.incident_id === m.id; }));
    });
    form.hidden = !CONFIG.officer || !m || !upcoming.length;
    if (form.hidden) return;
    $('rc-which').textContent = t('bring_which', { ref: m.source_ref || '#' + m.id });
    var sel = clear($('rc-day'));
    upcoming.forEach(function (d) { var o = el('option', null, dayLabel(d)); o.value = String(d.id); sel.appendChild(o); });
  }
  function drawReception() {
    var list = clear($('reception-list'));
    var days = state.days.filter(function (d) { return d.brought.length; });
    if (!days.length) list.appendChild(el('li', 'muted', t('none')));
    days.forEach(function (d) {
      var li = el('li');
      li.dataset.day = d.id;
      li.appendChild(el('div', 'l', dayLabel(d)));
      var inner = el('ol', 'plain');
      d.brought.forEach(function (b) { inner.appendChild(broughtItem(d, b)); });
      li.appendChild(inner);
      list.appendChild(li);
    });
  }
  function broughtItem(d, b) {
    var li = el('li');
    li.dataset.matter = b.incident_id;
    var a = el('a', null, b.source_ref || '#' + b.incident_id); a.href = '#';
    a.addEventListener('click', function (e) { e.preventDefault(); open(b.incident_id); });
    li.appendChild(a);
    li.appendChild(document.createTextNode(' · ' + t('st_' + b.stage) + ' · '));
    if (b.outcome) {
      li.appendChild(el('span', 'outcome', t('oc_' + b.outcome)));
      if (b.outcome_note) li.appendChild(document.createTextNode(' · ' + b.outcome_note));
      return li;
    }
    li.appendChild(el('span', 'muted', t('outcome_waiting')));
    if (!CONFIG.officer) return li;
    var row = el('div', 'row');
    var choice = el('select'); choice.setAttribute('aria-label', t('outcome'));
    ['resolved_on_the_spot', 'assigned', 'explained', 'referred'].forEach(function (k) {
      var o = el('option', null, t('oc_' + k)); o.value = k; choice.appendChild(o);
    });
    var note = el('input'); note.maxLength = 1000; note.placeholder = t('outcome_note'); note.setAttribute('aria-label', t('outcome_note'));
    var button = el('button', 'action', t('record_outcome')); button.type = 'button';
    button.addEventListener('click', function () {
      post('reception/' + d.id + '/matters/' + b.incident_id + '/outcome', { outcome: choice.value, note: note.value.trim() })
        .then(function () { message('reception-msg', t('outcome_recorded'), true); return loadReception(); })
        .then(function () { ready('reception'); }).catch(failed('reception-msg'));
    });
    row.appendChild(choice); row.appendChild(note); row.appendChild(button);
    li.appendChild(row);
    return li;
  }
  function bringToDay() {
    var m = state.current, dayId = $('rc-day').value;
    if (!m || !dayId) return null;
    return post('reception/' + dayId + '/matters', { matter_id: m.id })
      .then(function () { message('reception-msg', t('brought'), true); return loadReception(); })
      .then(function () { ready('reception'); }).catch(failed('reception-msg'));
  }

  // ---- the side: next reception day, calls waiting for me, the register, suggestions --------------------
  function loadSide() {
    return Promise.all([
      api('reception/next').then(function (answer) {
        var box = clear($('next-reception')), d = answer.day;
        if (!d) { box.appendChild(el('p', 'muted', t('r_none'))); return; }
        box.appendChild(field(t('r_date'), day(d.held_on) + ' · ' + (d.days_until ? t('r_days', { n: d.days_until }) : t('r_today'))));
        box.appendChild(field(t('r_topic'), d.topic));
        box.appendChild(field(t('r_leader'), d.leader_name + (d.leader_post ? ' · ' + d.leader_post : '')));
        box.appendChild(field(t('r_place'), d.place));
        box.appendChild(field(t('r_depts'), (d.departments || []).join('、')));
      }),
      api('calls', { query: new URLSearchParams({ waiting: '1' }) }).then(function (answer) {
        var list = clear($('calls-for-me'));
        if (!answer.for_me.length) list.appendChild(el('li', 'muted', t('none')));
        answer.for_me.forEach(function (c) { list.appendChild(callItem(c, true)); });
      }),
      api('backlog', { query: new URLSearchParams({ status: 'open' }) }).then(function (answer) {
        var list = clear($('backlog-list'));
        if (!answer.backlog.length) list.appendChild(el('li', 'muted', t('none')));
        answer.backlog.forEach(function (b) {
          var li = el('li');
          var a = el('a', null, '#' + b.incident_id); a.href = '#'; a.addEventListener('click', function (e) { e.preventDefault(); open(b.incident_id); });
          li.appendChild(a);
          li.appendChild(document.createTextNode(' · ' + b.leader_name + ' · ' + t('b_consultations') + ' ' + b.consultations));
          list.appendChild(li);
        });
      }),
      api('suggestions').then(drawSuggestions),
      loadReception()
    ]).catch(failed('r-msg'));
  }
  function drawSuggestions(answer) {
    var list = clear($('suggestion-list'));
    $('adoption').textContent = t('adoption', { p: pct(answer.rates.overall && answer.rates.overall.adoption_rate) });
    answer.suggestions.slice(0, 30).forEach(function (s) {
      var li = el('li');
      li.appendChild(el('span', 'l', t('sg_' + s.status)));
      li.appendChild(document.createTextNode((s.campaign_title ? '【' + s.campaign_title + '】' : '') + s.body));
      if (CONFIG.officer && s.status === 'reviewed') {
        var what = el('input'); what.placeholder = t('action_taken'); what.setAttribute('aria-label', t('action_taken'));
        var b = el('button', 'action', t('adopt')); b.type = 'button';
        b.addEventListener('click', function () {
          post('suggestions/' + s.id + '/adopt', { action_taken: what.value.trim() })
            .then(function () { return api('suggestions').then(drawSuggestions); }).catch(failed('r-msg'));
        });
        li.appendChild(what); li.appendChild(b);
      }
      list.appendChild(li);
    });
  }

  // ---- start ---------------------------------------------------------------------------------------
  function start() {
    UI.translatePage(t);
    $('who').textContent = CONFIG.me.username;
    $('register').hidden = !CONFIG.officer;
    personRow();
    $('r-add-person').addEventListener('click', personRow);
    $('register').addEventListener('submit', register);
    $('step').addEventListener('submit', submitStep);
    $('p-take').addEventListener('click', take);
    $('p-call').addEventListener('click', callAbove);
    $('p-rate').addEventListener('click', rateProxy);
    $('rc-bring').addEventListener('click', bringToDay);
    $('b-add').addEventListener('click', function () {
      backlogStep(state.current.id + '/backlog', { why: 'named', leader_name: $('b-leader').value.trim(),
        leader_post: $('b-post').value.trim(), reason: $('b-reason').value.trim() }, 'done');
    });
    $('b-consult').addEventListener('click', function () {
      backlogStep('backlog/' + state.current.backlog.id + '/consultations', { held_on: $('b-held').value,
        attendees: $('b-attendees').value.split(/[,，、]/).map(function (s) { return s.trim(); }).filter(Boolean),
        decisions: $('b-decisions').value.trim() }, 'consulted');
    });
    $('b-close').addEventListener('click', function () {
      backlogStep('backlog/' + state.current.backlog.id + '/close_off', { evidence: $('b-evidence').value.trim() }, 'closed');
    });
    UI.request('categories', { next: '/petitions' }).then(function (rows) {
      var sel = $('r-category');
      rows.forEach(function (c) {
        categories[c.code] = c;
        if (!c.parent_code) return;
        var o = el('option', null, c.name); o.value = c.code; sel.appendChild(o);
      });
    }).catch(function () { /* the list stays empty: the category is optional */ });
    var cells = $('r-cells');
    (CONFIG.scope || []).forEach(function (code) { var o = el('option'); o.value = code; cells.appendChild(o); });
    var wanted = new URLSearchParams(window.location.search).get('matter');
    Promise.all([loadQueue(), loadSide(), wanted ? open(wanted) : null]).then(function () { ready('ready'); });
  }
  start();
})();
