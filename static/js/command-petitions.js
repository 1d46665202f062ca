/* The command page's petition part (信访, issue 17), beside command.js: the petition indicators of the page's
   window and drill-down cell (the four key indicators, first-petition share, first→repeat, 积案化解率, 代理率,
   adoption rate) and the next reception day with its topic in the panel; two layers — skip-level visits per
   cell of origin (circles sized by count) and the open backlog matters with their owning leader (markers with
   a tooltip). Petitions by origin cell are the density layer with the channel filter 信访 (channel=petition).
   Everything from /api/v1/petitions; server text with textContent only. Only for the petition office's
   roles (webmap/petitions_api.py READERS). */
window.GridgovCommandPetitions = function (map, page) {
  'use strict';
  var ROLES = ['command_staff', 'street_staff', 'community_staff', 'admin'];
  var TEXT = {
    zh: { l_skip: '越级访（按来源网格）', l_backlog: '积案与包案领导', card: '信访工作', total: '信访总量', beijing: '进京',
          province: '赴省', city: '到市', first_share: '初信初访占比', first_to_repeat: '初次转重复',
          clearance_rate: '积案化解率', proxy_rate: '代理率', adoption_rate: '建议采纳率', next: '下一个接访日',
          none: '暂无接访日', days: '{n} 天后', today: '今天', leader: '包案领导', consultations: '周会商',
          skip_total: '越级访', registered: '列入' },
    en: { l_skip: 'Skip-level visits (by cell of origin)', l_backlog: 'Backlog matters and their leaders',
          card: 'Petitions', total: 'Petitions', beijing: 'To Beijing', province: 'To the province', city: 'To the city',
          first_share: 'First-petition share', first_to_repeat: 'First → repeat', clearance_rate: 'Backlog cleared',
          proxy_rate: 'Proxy rate', adoption_rate: 'Suggestions adopted', next: 'Next reception day',
          none: 'No reception day', days: 'in {n} days', today: 'today', leader: 'Owning leader',
          consultations: 'Consultations', skip_total: 'Skip-level visits', registered: 'On the register' }
  };
  var CARDS = [['total', 'num'], ['beijing', 'num'], ['province', 'num'], ['city', 'num'], ['first_share', 'pct'],
    ['first_to_repeat', 'pct'], ['clearance_rate', 'pct'], ['proxy_rate', 'pct'], ['adoption_rate', 'pct']];
  var F = window.GridgovCommandFormat, el = F.el, clear = F.clear;
  var $ = function (id) { return document.getElementById(id); };
  var layers = { skip: null, backlog: null };
  var allowed = ROLES.indexOf(page.role) >= 0;
  function t(key, vars) { return window.GridgovUi.translator(TEXT, F.lang)(key, vars); }
  function ll(lat, lon) { return page.gcj02 && window.GridgovGcj02 ? L.latLng.apply(null, window.GridgovGcj02.toGcj02(lat, lon)) : L.latLng(lat, lon); }
  function api(path, params) { return page.api('petitions/' + path, params); }
  function drop(name) { if (layers[name]) { map.removeLayer(layers[name]); layers[name] = null; } }
  function within(p) { if (page.state.within) p.set('within', page.state.within); return p; }
  function translate() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-pi18n]'), function (n) { n.textContent = t(n.dataset.pi18n); });
  }

  function drawSkip(fc) {
    drop('skip');
    var group = L.layerGroup();
    fc.features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var marker = L.circleMarker(ll(c[1], c[0]), { radius: Math.min(26, 6 + 3 * Math.sqrt(p.total)), color: '#7a2e0e',
        weight: 2, fillColor: '#f79009', fillOpacity: 0.7, className: 'skip-level-marker' });
      marker.bindTooltip(F.tip(p.name + ' · ' + t('skip_total') + ' ' + F.num(p.total), [
        [t('beijing'), F.num(p.beijing)], [t('province'), F.num(p.province)], [t('city'), F.num(p.city)]]));
      group.addLayer(marker);
    });
    layers.skip = group.addTo(map);
  }
  function drawBacklog(fc) {
    drop('backlog');
    var group = L.layerGroup();
    fc.features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var marker = L.marker(ll(c[1], c[0]), { icon: L.divIcon({ className: 'backlog-marker', iconSize: [14, 14] }),
        title: p.leader_name });
      marker.bindTooltip(F.tip((p.category || '') + ' · ' + (p.source_ref || '#' + p.incident_id), [
        [t('leader'), p.leader_name + ' · ' + p.leader_post], [t('registered'), F.when(p.registered_at)],
        [t('consultations'), F.num(p.consultations)]]));
      group.addLayer(marker);
    });
    layers.backlog = group.addTo(map);
  }
  function drawCard(k, next) {
    var box = clear($('petition-kpis'));
    CARDS.forEach(function (c) {
      var card = el('div', 'kpi');
      card.dataset.kpi = c[0];
      card.appendChild(el('div', 'v', F[c[1]](k[c[0]])));
      card.appendChild(el('div', 'k', t(c[0])));
      box.appendChild(card);
    });
    var line = clear($('next-reception'));
    if (!next) line.textContent = t('next') + '：' + t('none');
    else {
      line.appendChild(el('span', 'l', t('next') + '：'));
      line.appendChild(el('span', null, next.held_on + '（' + (next.days_until ? t('days', { n: next.days_until }) : t('today')) + '） ' +
        (next.topic || '') + (next.departments && next.departments.length ? ' · ' + next.departments.join('、') : '') +
        ' · ' + next.leader_name));
    }
    $('petition-card').hidden = false;
  }

  // The jobs of one refresh: each a promise; ``current()`` says whether this refresh is still the newest.
  function jobs(current) {
    translate();
    if (!allowed) return [];
    var list = [];
    var p = within(new URLSearchParams());
    if (page.state.from) p.set('since', page.state.from);
    if (page.state.to) p.set('until', page.state.to);
    list.push(Promise.all([api('kpis', p), api('reception/next')]).then(function (r) {
      if (current()) drawCard(r[0], r[1].day);
    }));
    if ($('L-skip-level').checked) {
      var level = { street: 'street', community: 'community', grid: 'grid', microgrid: 'grid' }[page.state.level] || 'community';
      var q = within(new URLSearchParams({ level: level }));
      if (page.state.from) q.set('since', page.state.from);
      if (page.state.to) q.set('until', page.state.to);
      list.push(api('map/skip_level', q).then(function (fc) { if (current()) drawSkip(fc); }));
    } else drop('skip');
    if ($('L-backlog').checked) list.push(api('map/backlog', within(new URLSearchParams())).then(function (fc) { if (current()) drawBacklog(fc); }));
    else drop('backlog');
    return list;
  }
  if (!allowed) {
    $('L-skip-level').parentNode.hidden = true; $('L-backlog').parentNode.hidden = true;
  }
  ['L-skip-level', 'L-backlog'].forEach(function (id) { $(id).addEventListener('change', function () { page.refresh(); }); });
  return { jobs: jobs, layers: layers };
};
