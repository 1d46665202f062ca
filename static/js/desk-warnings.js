/* The workbench's early warnings (预警): the open warnings of the account's area from /api/v1/warnings, each
   with its severity, category, reporters, tickets and span, its linked tickets as links into this desk
   (/desk?case=ID), and — for command staff and street staff in their area — 确认 (confirm) and 排除
   (dismiss, with the reason). Roles the API does not answer (department, grid member) see no panel and
   ask for none. Text from the server goes in with
   textContent only (GridgovUi.el). docs/foresight.md ("Bursts and early warnings"). */
(function () {
  'use strict';
  var ui = window.GridgovUi, el = ui.el, clear = ui.clear;
  var lang = ui.pageLang();
  var t = ui.translator({
    zh: { sev_red: '红色预警', sev_orange: '橙色预警', sev_yellow: '黄色预警', reporters: '{n} 人反映', tickets: '{n} 件工单',
          confirm: '确认', dismiss: '排除', reason: '排除理由（必填）', reason_needed: '请填写排除理由',
          confirmed: '已确认', dismissed: '已排除', none: '暂无待研判预警', precision: '已研判 {d} 条，确认率 {p}' },
    en: { sev_red: 'red warning', sev_orange: 'orange warning', sev_yellow: 'yellow warning', reporters: '{n} reporters',
          tickets: '{n} tickets', confirm: 'Confirm', dismiss: 'Dismiss', reason: 'Reason to dismiss (required)',
          reason_needed: 'Give the reason to dismiss', confirmed: 'confirmed', dismissed: 'dismissed',
          none: 'No open warnings', precision: '{d} decided, {p} confirmed' }
  }, lang);
  var fmt = ui.formats(lang, 'short');
  var COLOURS = { red: '#d92d20', orange: '#f97316', yellow: '#eab308' };
  var $ = function (id) { return document.getElementById(id); };
  var drawn = 0;
  var READERS = ['command_staff', 'street_staff', 'community_staff', 'admin'];   // webmap/warnings_api.py
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);

  function load() {
    return ui.request('warnings', { query: new URLSearchParams({ status: 'open' }), next: '/desk' })
      .then(show, function (e) { if (e.status === 403) $('warnings').hidden = true; else $('warnings-msg').textContent = e.message; });
  }

  function show(fc) {
    $('warnings').hidden = false;
    $('warnings-count').textContent = fc.features.length;
    var p = fc.precision;
    $('warnings-precision').textContent = p.decided ? t('precision', { d: p.decided, p: fmt.pct(p.precision) }) : '';
    var list = clear($('warning-list'));
    if (!fc.features.length) list.appendChild(el('li', 'muted', t('none')));
    fc.features.forEach(function (f) { list.appendChild(item(f.properties, fc.can_decide)); });
    document.body.dataset.warnings = String(++drawn);
  }

  function item(w, canDecide) {
    var li = el('li', 'warning');
    li.dataset.warning = w.id;
    var head = el('div');
    var dot = el('span', 'dot'); dot.style.cssText = 'display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;background:' + (COLOURS[w.severity] || '#888');
    head.appendChild(dot);
    head.appendChild(el('strong', null, '#' + w.id + ' ' + t('sev_' + w.severity) + ' · ' + (w.category_name || w.category_code)));
    li.appendChild(head);
    li.appendChild(el('div', 'muted', t('reporters', { n: w.reporters }) + ' · ' + t('tickets', { n: w.tickets }) + ' · ' +
      fmt.when(w.first_reported_at) + ' – ' + fmt.when(w.last_reported_at) +
      ((w.escalation_words || []).length ? ' · ' + w.escalation_words.join('、') : '')));
    var links = el('div', 'warning-tickets');
    w.ticket_ids.forEach(function (id) {
      var a = el('a', null, '#' + id); a.href = '/desk?case=' + encodeURIComponent(id);
      links.appendChild(a); links.appendChild(document.createTextNode(' '));
    });
    li.appendChild(links);
    if (canDecide) {
      var row = el('div', 'row'), reason = el('input'), msg = el('p', 'msg');
      reason.type = 'text'; reason.maxLength = 500; reason.placeholder = t('reason'); reason.className = 'warning-reason';
      var yes = el('button', 'warning-confirm', t('confirm')), no = el('button', 'warning-dismiss', t('dismiss'));
      yes.type = no.type = 'button';
      yes.addEventListener('click', function () { decide(w.id, 'confirm', null, msg); });
      no.addEventListener('click', function () {
        if (!reason.value.trim()) { msg.textContent = t('reason_needed'); return; }
        decide(w.id, 'dismiss', reason.value.trim(), msg);
      });
      row.appendChild(yes); row.appendChild(reason); row.appendChild(no);
      li.appendChild(row); li.appendChild(msg);
    }
    return li;
  }

  function decide(id, action, reason, msg) {
    return ui.request('warnings/' + encodeURIComponent(id) + '/' + action, { json: reason ? { reason: reason } : {}, next: '/desk' })
      .then(function (w) { document.body.dataset.warningDecided = w.id + ':' + w.status; return load(); },
            function (e) { msg.textContent = e.message; });
  }

  if (READERS.indexOf(CONFIG.me.role) >= 0) load();       // the others are refused: no panel, no request
})();
