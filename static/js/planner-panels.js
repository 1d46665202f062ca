/* The planners' side panels: live checks on the draft (listed and drawn on the map), the load impact of
   the draft (the last 12 months of incidents replayed), the proposal of K balanced grids, the publishing
   workflow (submit → approve by another planner or an administrator → publish), the code change log, the
   exports, and the comparison of two generations with the planning log. Text goes in by textContent. */
(function (global) {
  'use strict';
  var ui = global.GridgovUi;

  global.GridgovPlannerPanels = function (page) {
    var t = page.t, fmt = page.fmt, $ = page.$;
    var current = 'edit';
    var proposal = null;

    function table(id, header, rows) {
      var node = ui.clear($(id));
      if (!rows.length) return node;
      var head = node.insertRow();
      header.forEach(function (key) { head.appendChild(ui.el('th', null, t(key))); });
      rows.forEach(function (cells) {
        var row = node.insertRow();
        cells.forEach(function (v) { row.appendChild(ui.el('td', null, v)); });
      });
      return node;
    }
    function query() { return '?community=' + encodeURIComponent(page.community); }

    // ---- checks ------------------------------------------------------------------------------------------
    function describeFinding(f) { return f.message; }
    function loadChecks() {
      if (!page.state.draft) { ui.clear($('findings')); $('checks-summary').textContent = t('no_draft'); page.view.showFindings([], describeFinding); return Promise.resolve(); }
      return ui.api('plan/findings' + query()).then(function (answer) {
        $('checks-summary').textContent = answer.findings.length ? t('findings_n', answer) : t('findings_ok');
        var list = ui.clear($('findings'));
        answer.findings.forEach(function (f) {
          var item = ui.el('li', f.severity, f.message);
          list.appendChild(item);
        });
        page.view.showFindings(answer.findings, describeFinding);
      });
    }

    // ---- impact ------------------------------------------------------------------------------------------
    function spreadRows(spread) {
      return ['community', 'district'].filter(function (k) { return spread[k]; }).map(function (k) {
        var s = spread[k];
        return [t('scope_' + k), fmt.num(s.before.max_mean, 2) + ' → ' + fmt.num(s.after.max_mean, 2),
                fmt.num(s.before.cv, 2) + ' → ' + fmt.num(s.after.cv, 2)];
      });
    }
    function loadImpact() {
      if (!page.state.draft) { ui.clear($('impact')); ui.clear($('spread')); return Promise.resolve(); }
      return ui.api('plan/impact' + query()).then(function (answer) {
        table('spread', ['', 'max_mean', 'cv'], spreadRows(answer.spread));
        table('impact', ['grid', 'change', 'incidents', 'load'], answer.grids.map(function (g) {
          return [(g.name || '') + ' ' + (g.code || '').slice(-3), t('ch_' + g.status),
                  fmt.num(g.incidents_before) + ' → ' + fmt.num(g.incidents_after),
                  fmt.num(g.load_before, 2) + ' → ' + fmt.num(g.load_after, 2)];
        }));
      });
    }

    // ---- proposal ----------------------------------------------------------------------------------------
    function propose() {
      var k = parseInt($('proposal-k').value, 10);
      $('proposal-apply').disabled = true;
      ui.api('plan/proposal', { community: page.community, k: k }).then(function (answer) {
        proposal = { k: k };
        page.view.showCompare(answer.grids, function (p) { return '#' + p.group + ' · ' + t('households') + ' ' + fmt.num(p.households) + ' · ' + t('incidents') + ' ' + fmt.num(p.incidents); });
        page.say(t('proposal_ready', { k: k, before: fmt.num(answer.spread.before.cv, 2), after: fmt.num(answer.spread.after.cv, 2) }));
        table('proposal-spread', ['', 'max_mean', 'cv'], [
          [t('before'), fmt.num(answer.spread.before.max_mean, 2), fmt.num(answer.spread.before.cv, 2)],
          [t('after'), fmt.num(answer.spread.after.max_mean, 2), fmt.num(answer.spread.after.cv, 2)]]);
        $('proposal-apply').disabled = false;
      }).catch(page.fail);
    }
    function applyProposal() {
      if (!proposal) return;
      ui.api('plan/proposal/apply', { community: page.community, k: proposal.k, expected_revision: page.revision() })
        .then(function (answer) {
          proposal = null;
          $('proposal-apply').disabled = true;
          page.view.showCompare(null);
          page.say(t('saved', { rev: answer.revision }));
          return page.reload();
        }).catch(page.fail);
    }

    // ---- publishing --------------------------------------------------------------------------------------
    function loadPublish() {
      var draft = page.state.draft;
      $('workflow').textContent = draft
        ? t('wf_state', { status: t('st_' + draft.status), submitted: draft.submitted_by || '–', approved: draft.approved_by || '–' })
        : t('no_draft');
      workflowButtons();
      fillExports();
      if (!draft) { ui.clear($('code-changes')); return Promise.resolve(); }
      return ui.api('plan/changes').then(function (answer) {
        table('code-changes', ['old_code', 'new_code', 'reason'], answer.changes.map(function (c) {
          return [c.old_code || '–', c.new_code || '–', c.reason || ''];
        }));
      });
    }
    function workflowButtons() {
      var off = page.loading || !(page.state && page.state.draft);
      ['wf-submit', 'wf-approve', 'wf-publish', 'wf-discard'].forEach(function (id) { $(id).disabled = off; });
    }
    function workflow(step) {
      if (step === 'discard' && !global.confirm(t('confirm_discard'))) return;
      page.loading = true;                            // one step at a time: page.reload turns them on again
      workflowButtons();
      var body = { expected_revision: page.revision(), district: page.district() };
      if (step === 'publish' && $('effective-date').value) body.effective_date = $('effective-date').value;
      ui.api('plan/' + step, body).then(function (answer) {
        page.say(step === 'publish' ? t('published', { gen: answer.generation, n: answer.redispatched }) : '');
        return page.reload();
      }).catch(function (err) {
        page.loading = false;
        workflowButtons();
        page.fail(err);
      });
    }
    function fillExports() {                 // the draft (or the current generation), or any older one
      var select = $('export-generation');
      generationOptions(select);
      select.value = page.state.draft ? page.state.draft.generation : page.state.current_generation;
      select.onchange = exportLinks;
      exportLinks();
    }
    function exportLinks() {
      var box = ui.clear($('exports'));
      var generation = $('export-generation').value;
      [['grids.geojson', 'x_geojson'], ['grids.gpkg', 'x_gpkg'], ['grids.shp.zip', 'x_shp'],
       ['buildings.csv', 'x_csv']].forEach(function (pair) {
        var link = ui.el('a', 'button', t(pair[1]));
        link.href = '/api/v1/plan/export/' + pair[0] + '?generation=' + generation;
        link.setAttribute('download', '');
        box.appendChild(link);
      });
    }

    // ---- history -----------------------------------------------------------------------------------------
    function generationOptions(select) {     // newest first: the draft, then the published ones
      ui.clear(select);
      page.state.generations.forEach(function (g) {
        var option = ui.el('option', null, g.published ? t('generation_n', { gen: g.id }) : t('draft'));
        option.value = g.id;
        select.appendChild(option);
      });
    }
    function fillGenerations() {
      var ids = page.state.generations.map(function (g) { return g.id; });   // newest first
      generationOptions($('compare-a'));
      generationOptions($('compare-b'));
      $('compare-a').value = ids[Math.min(1, ids.length - 1)];   // the newest two, the older one first
      $('compare-b').value = ids[0];
    }
    function compare() {
      var a = $('compare-a').value, b = $('compare-b').value;
      ui.api('plan/compare' + query() + '&a=' + a + '&b=' + b).then(function (answer) {
        page.view.showCompare(answer, function (p) { return t('ch_' + p.change) + ' ' + (p.old_codes || []).join(',') + ' → ' + (p.new_codes || []).join(','); });
        table('compare', ['change', 'old_code', 'new_code'], answer.features.map(function (f) {
          var p = f.properties;
          return [t('ch_' + p.change), (p.old_codes || []).join(', ') || '–', (p.new_codes || []).join(', ') || '–'];
        }));
      }).catch(page.fail);
    }
    function loadLog() {
      return ui.api('plan/log').then(function (answer) {
        var list = ui.clear($('log'));
        answer.entries.forEach(function (e) {
          list.appendChild(ui.el('li', null, fmt.when(e.at) + ' · ' + (e.who || '') + ' · ' + e.action + (e.detail ? ' · ' + e.detail : '')));
        });
      });
    }

    // ---- tabs --------------------------------------------------------------------------------------------
    var LOADERS = { edit: null, checks: loadChecks, impact: null, proposal: null, publish: loadPublish,
                    history: function () { fillGenerations(); return loadLog(); } };
    function show(tab) {
      current = tab;
      document.querySelectorAll('.tabs button').forEach(function (b) { b.classList.toggle('on', b.dataset.tab === tab); });
      document.querySelectorAll('.tab').forEach(function (s) { s.hidden = s.id !== 'tab-' + tab; });
      if (tab !== 'history' && tab !== 'proposal') page.view.showCompare(null);
      refresh();
    }
    function refresh() {
      var loader = LOADERS[current];
      var checks = current === 'checks' ? Promise.resolve() : loadChecks();   // findings stay on the map
      return Promise.all([checks, loader ? loader() : null]).catch(page.fail);
    }

    document.querySelectorAll('.tabs button').forEach(function (b) {
      b.addEventListener('click', function () { show(b.dataset.tab); });
    });
    $('impact-run').addEventListener('click', function () { loadImpact().catch(page.fail); });
    $('proposal-run').addEventListener('click', propose);
    $('proposal-apply').addEventListener('click', applyProposal);
    ['submit', 'approve', 'publish', 'discard'].forEach(function (step) {
      $('wf-' + step).addEventListener('click', function () { workflow(step); });
    });
    $('compare-run').addEventListener('click', compare);

    return { refresh: refresh, workflowButtons: workflowButtons };
  };
})(window);
