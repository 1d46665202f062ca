/* The grid member's disputes (矛盾纠纷排查): the disputes of my grids with their stage, risk and next
   session (/api/v1/member/disputes), and a dispute found on patrol recorded from the phone with its
   parties at the phone's position. Server text goes into the page with textContent only. */
(function (global) {
  'use strict';
  var RISK = { red: '#e5484d', orange: '#f76b15', yellow: '#f0a020', blue: '#3e63dd' };

  /** ``page``: {api, t, el, clear, position() → {lon, lat} or null, when(iso), reason(error), ready(name, v)} */
  function MemberDisputes(page) {
    var $ = function (id) { return document.getElementById(id); };
    var types = [];

    function load() {
      return Promise.all([page.api('member/disputes'), types.length ? null : page.api('disputes/types')])
        .then(function (answers) {
          if (answers[1]) { types = answers[1].types; renderTypes(); }
          render(answers[0].disputes);
        });
    }
    function render(disputes) {
      var list = page.clear($('disputes'));
      $('no-disputes').hidden = disputes.length > 0;
      $('dispute-count').textContent = disputes.length ? String(disputes.length) : '';
      disputes.forEach(function (d) {
        var item = page.el('li', 'dispute');
        var badge = page.el('span', 'risk', page.t('risk_' + d.risk_level));
        badge.style.background = RISK[d.risk_level] || '#8b8d98';
        item.appendChild(badge);
        item.appendChild(page.el('strong', '', d.type_name || d.type_code));
        item.appendChild(page.el('span', 'stage', page.t('stage_' + d.stage)));
        if (d.next_session_at) item.appendChild(page.el('div', 'muted', page.t('next_session', { at: page.when(d.next_session_at) })));
        list.appendChild(item);
      });
      page.ready('disputes', String(disputes.length));
    }
    function renderTypes() {
      var select = page.clear($('d-type'));
      select.appendChild(option('', page.t('choose_type')));
      types.forEach(function (type) { select.appendChild(option(type.code, type.name)); });
    }
    function option(value, text) { var o = page.el('option', '', text); o.value = value; return o; }
    function party(side) {
      var name = $('d-' + side + '-name').value.trim(), phone = $('d-' + side + '-phone').value.trim();
      return name ? { side: side, kind: 'person', name: name, phone: phone || null } : null;
    }
    function submit(event) {
      event.preventDefault();
      var result = $('d-result'), me = page.position(), parties = [party('applicant'), party('respondent')].filter(Boolean);
      var body = { type: $('d-type').value, description: $('d-description').value.trim(), parties: parties,
                   people_involved: Number($('d-people').value) || null };
      result.classList.add('error');
      if (!me) { result.textContent = page.t('report_no_where'); return; }
      if (!body.type) { result.textContent = page.t('need_type'); return; }
      if (!parties.length) { result.textContent = page.t('need_party'); return; }
      body.lon = Number(me.lon.toFixed(7)); body.lat = Number(me.lat.toFixed(7));
      $('d-submit').disabled = true;
      result.classList.remove('error');
      result.textContent = page.t('sending');
      page.api('member/disputes', { method: 'POST', json: body }).then(function (recorded) {
        result.textContent = page.t('dispute_done');
        $('dispute-form').reset();
        page.ready('dispute_recorded', String(recorded.id || ''));
        return load();
      }).catch(function (error) {
        result.classList.add('error');
        result.textContent = page.t('refused', { reason: page.reason(error) });
      }).then(function () { $('d-submit').disabled = false; });
    }
    $('dispute-form').addEventListener('submit', submit);
    return { load: load, renderTypes: renderTypes };
  }
  global.GridgovMemberDisputes = MemberDisputes;
})(window);
