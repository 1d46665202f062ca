/* The planners' page: one community of the draft on the map, the editing tools, undo/redo.
   Every edit is one POST to /api/v1/plan/edits carrying the draft revision the planner saw
   (optimistic concurrency): a 409 ``draft_conflict`` reloads the draft and says who saved in between.
   The side panels (checks, impact, proposal, publishing, history) live in planner-panels.js. */
(function () {
  'use strict';
  var ui = window.GridgovUi;
  var CONFIG = JSON.parse(document.getElementById('page-config').textContent);
  var lang = ui.pageLang();
  var t = ui.translator(window.GridgovPlannerText, lang);
  var fmt = ui.formats(lang);
  var $ = function (id) { return document.getElementById(id); };

  var page = {
    t: t, fmt: fmt, $: $,
    state: null,              // GET plan/state
    community: null,
    view: new window.GridgovPlannerMap(window[CONFIG.map], selectionChanged, CONFIG.gcj02),
    op: null                  // the edit being prepared: {name, geometry(), ...}
  };
  page.panels = window.GridgovPlannerPanels(page);

  page.say = function (text, isError) {
    var box = $('message');
    box.textContent = text;
    box.className = 'message' + (isError ? ' error' : '');
    box.hidden = !text;
  };
  page.fail = function (err) {
    if (!err || err.message === 'signed out') return;
    if (err.code === 'draft_conflict') {
      page.say(t('conflict', { who: err.details.saved_by || '?', rev: err.details.current }), true);
      page.reload();
      return;
    }
    page.say(err.message, true);
  };
  page.district = function () { return page.state ? page.state.district : null; };
  page.revision = function () { return page.state && page.state.draft ? page.state.draft.revision : 0; };

  // ---- loading ---------------------------------------------------------------------------------------
  // While the page reloads, the workflow buttons stay off: a step taken on a half-loaded page would race
  // the requests still in flight for the draft it is about to replace.
  page.reload = function (fit) {
    page.loading = true;
    page.panels.workflowButtons();
    return ui.api('plan/state?community=' + encodeURIComponent(page.community)).then(function (state) {
      page.state = state;
      showBadge();
      return loadCommunity(fit);
    }).then(function () { return page.panels.refresh(); }).catch(page.fail).then(function () {
      page.loading = false;
      page.panels.workflowButtons();
    });
  };

  function generationParam() { return page.state.draft ? 'draft' : 'current'; }

  function loadCommunity(fit) {
    var query = '?community=' + encodeURIComponent(page.community) + '&generation=' + generationParam();
    return Promise.all([ui.api('plan/grids' + query), ui.api('plan/buildings' + query)]).then(function (answers) {
      page.grids = answers[0];
      page.view.showGrids(answers[0], describeGrid);
      page.view.showBuildings(answers[1], describeBuilding);
      fillTargets();
      showMetrics();
      if (fit) page.view.fit();
    });
  }

  function showBadge() {
    var draft = page.state.draft;
    $('draft-badge').textContent = draft
      ? t('draft_badge', { rev: draft.revision, status: t('st_' + draft.status) })
      : t('published_badge', { gen: page.state.current_generation });
    $('undo').disabled = !(draft && draft.can_undo);
    $('redo').disabled = !(draft && draft.can_redo);
  }

  function describeGrid(p) {
    return [t(p.kind) + ' · ' + t('households') + ' ' + fmt.num(p.households) + ' · ' + t('buildings') + ' ' + fmt.num(p.buildings),
            t('member') + ' ' + member(p)];
  }
  function member(p) {   // the grid member's masked name and code: planners never get a full name
    return p.member_name ? p.member_name + (p.member_code ? ' ' + p.member_code : '') : t('none');
  }
  function describeBuilding(p) {
    return [p.address || '', t('households') + ' ' + fmt.num(p.households) + ' · ' + t('grid') + ' ' + (p.grid_code || '')];
  }

  function showMetrics() {
    var table = ui.clear($('metrics'));
    var head = table.insertRow();
    ['code', 'kind', 'households', 'buildings', 'area', 'compactness', 'parts', 'member'].forEach(function (key) {
      head.appendChild(ui.el('th', null, t(key)));
    });
    page.grids.features.forEach(function (f) {
      var p = f.properties, row = table.insertRow();
      row.className = page.view.selected.indexOf(p.code) >= 0 ? 'on' : '';
      [p.code.slice(-3), t(p.kind), fmt.num(p.households), fmt.num(p.buildings), fmt.num(p.area_m2 / 1e4, 1),
       fmt.num(p.compactness, 2), p.parts === 1 ? t('yes') : t('no') + ' (' + p.parts + ')',
       member(p)].forEach(function (v) { row.appendChild(ui.el('td', null, v)); });
      row.title = p.name + ' ' + p.code;
      row.addEventListener('click', function (e) { page.view.clickGrid(p.code, e.shiftKey); });
    });
  }

  function selectionChanged() {
    var box = ui.clear($('selection'));
    page.view.selected.forEach(function (code) {
      var layer = page.view.gridLayers[code];
      box.appendChild(ui.el('span', 'chip', layer ? layer.feature.properties.name + ' ' + code.slice(-3) : code));
    });
    if (page.view.picking) box.appendChild(ui.el('span', 'chip', t('buildings') + ' ' + page.view.picked.length));
    showMetrics();
  }

  function fillTargets() {
    var select = ui.clear($('op-target'));
    page.grids.features.forEach(function (f) {
      var option = ui.el('option', null, f.properties.name + ' ' + f.properties.code.slice(-3));
      option.value = f.properties.code;
      select.appendChild(option);
    });
  }

  // ---- edits -------------------------------------------------------------------------------------------
  function selectedKind() {
    var code = page.view.selected[0], layer = code && page.view.gridLayers[code];
    return layer ? layer.feature.properties.kind : null;
  }

  var OPS = {
    split: function () {
      if (page.view.selected.length !== 1) return t('need_one');
      var grid = page.view.selected[0], line = null;
      page.view.draw('line', function (geometry) { line = geometry; });
      return { hint: t('hint_split'), body: function () { return line && { op: 'split', grid: grid, line: line }; } };
    },
    reshape: function () {
      if (page.view.selected.length !== 1) return t('need_one');
      var grid = page.view.selected[0], edited = page.view.editGrid(grid);
      return { hint: t('hint_reshape'), body: function () { return { op: 'reshape', grid: grid, geometry: edited() }; } };
    },
    move: function () {
      page.view.pickBuildings(true);
      return { hint: t('hint_move'), target: true, body: function () {
        return page.view.picked.length ? { op: 'move', buildings: page.view.picked.slice(), to: $('op-target').value } : null;
      } };
    },
    dedicated: function () {
      var shape = null;
      page.view.draw('polygon', function (geometry) { shape = geometry; });
      return { hint: t('hint_dedicated'), name: true, body: function () {
        if (!$('op-name').value.trim()) return null;
        return shape && { op: 'create_dedicated', community: page.community, geometry: shape, name: $('op-name').value.trim() };
      } };
    }
  };

  function startOp(name) {
    cancelOp();
    var prepared = OPS[name]();
    if (typeof prepared === 'string') { page.say(prepared, true); return; }
    page.op = prepared;
    page.say('');
    $('op-hint').textContent = prepared.hint;
    $('op-name-row').hidden = !prepared.name;
    $('op-target-row').hidden = !prepared.target;
    $('op-form').hidden = false;
  }

  function cancelOp() {
    page.op = null;
    page.view.stopDrawing();
    page.view.pickBuildings(false);
    $('op-form').hidden = true;
    $('op-name').value = '';
  }

  function saveOp() {
    var body = page.op && page.op.body();
    if (!body) { page.say(t(page.op && page.op.name && !$('op-name').value.trim() ? 'need_name' : 'need_shape'), true); return; }
    edit(body);
  }

  page.edit = edit;
  function edit(body) {
    body.expected_revision = page.revision();
    return ui.api('plan/edits', body).then(afterSave).catch(page.fail);
  }

  function afterSave(answer) {
    cancelOp();
    page.view.selected = [];
    page.say(t('saved', { rev: answer.revision }));
    return page.reload();
  }

  function merge() {
    if (page.view.selected.length < 2) { page.say(t('need_two'), true); return; }
    edit({ op: 'merge', grids: page.view.selected.slice() });
  }

  function deleteDedicated() {
    if (page.view.selected.length !== 1 || selectedKind() !== 'dedicated') { page.say(t('need_dedicated'), true); return; }
    edit({ op: 'delete_dedicated', grid: page.view.selected[0] });
  }

  function undoRedo(which) {
    ui.api('plan/' + which, { expected_revision: page.revision(), district: page.district() }).then(afterSave).catch(page.fail);
  }

  // ---- start -----------------------------------------------------------------------------------------
  function wire() {
    ['split', 'reshape', 'move', 'dedicated'].forEach(function (name) {
      $('op-' + name).addEventListener('click', function () { startOp(name); });
    });
    $('op-merge').addEventListener('click', merge);
    $('op-delete').addEventListener('click', deleteDedicated);
    $('op-save').addEventListener('click', saveOp);
    $('op-cancel').addEventListener('click', function () { cancelOp(); page.say(''); });
    $('undo').addEventListener('click', function () { undoRedo('undo'); });
    $('redo').addEventListener('click', function () { undoRedo('redo'); });
    $('community').addEventListener('change', function () {
      page.community = $('community').value;
      page.view.selected = [];
      cancelOp();
      page.reload(true);
    });
  }

  function start() {
    ui.translatePage(t);
    document.title = t('title');
    page.map = window[CONFIG.map];
    page.map.attributionControl.setPrefix(false);
    wire();
    ui.api('plan/state').then(function (state) {
      var select = $('community');
      state.communities.forEach(function (c) {
        var option = ui.el('option', null, c.name);
        option.value = c.code;
        select.appendChild(option);
      });
      page.community = CONFIG.community || (state.communities[0] && state.communities[0].code);
      select.value = page.community;
      $('me').textContent = state.me;
      return page.reload(true);
    }).catch(page.fail);
  }
  document.addEventListener('DOMContentLoaded', start);
})();
