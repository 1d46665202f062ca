/* The command wall's charts and its index (一图一指数, issue 18), beside command.js:
   - the 态势图表 card: daily intake over the page's window, the channel mix and the 大类 mix of the same
     filtered incidents as the map (/api/v1/charts), drawn by the vendored ECharts in the wall's dark theme;
   - the 治理指数 layer: the governance index of each cell of the page's level over its window
     (/api/v1/index) as a choropleth over the density layer's cells, the components on click, the
     ranking in the card, and the chosen cell's index month by month (/api/v1/index/trend) as a chart.
   Tooltips are drawn on the canvas (renderMode richText), never as HTML, so the CSP needs nothing inline;
   server text reaches the DOM with textContent only. */
window.GridgovCommandCharts = function (map, page) {
  'use strict';
  var F = window.GridgovCommandFormat, t = F.t, num = F.num, el = F.el, clear = F.clear, tip = F.tip;
  var $ = function (id) { return document.getElementById(id); };
  var state = page.state;
  var charts = {};            // id -> ECharts instance
  var layer = null;           // the index choropleth
  var chosen = null;          // the cell whose trend is drawn
  var trendCache = {};        // "level|until" -> the /index/trend answer
  var INDEX_LEVELS = ['street', 'community', 'grid'];
  var INDEX_BREAKS = [20, 40, 60, 80, 100];
  var INDEX_RAMP = ['#d92d20', '#f97316', '#facc15', '#84cc16', '#16a34a'];   // worst → best
  var TEXT_COLOUR = '#cfe3f5', LINE_COLOUR = '#35c4ff';

  function chart(id) {
    if (!charts[id]) charts[id] = window.echarts.init($(id), 'dark', { renderer: 'canvas' });
    return charts[id];
  }
  function base() {
    return { backgroundColor: 'transparent', textStyle: { color: TEXT_COLOUR, fontSize: 11 }, animation: false,
             tooltip: { renderMode: 'richText', confine: true }, grid: { left: 34, right: 8, top: 10, bottom: 20 } };
  }

  // ---- 态势图表 ------------------------------------------------------------------------------------
  function drawCharts(answer) {
    $('charts-card').dataset.received = String(answer.daily.reduce(function (s, d) { return s + d.received; }, 0));
    chart('chart-daily').setOption(Object.assign(base(), {
      tooltip: { renderMode: 'richText', trigger: 'axis', confine: true },
      xAxis: { type: 'category', data: answer.daily.map(function (d) { return d.day.slice(5); }) },
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#24384d' } } },
      series: [{ name: t('received'), type: 'line', showSymbol: false, data: answer.daily.map(function (d) { return d.received; }),
                 lineStyle: { color: LINE_COLOUR }, areaStyle: { color: 'rgba(53, 196, 255, .18)' } }]
    }), true);
    chart('chart-channels').setOption(Object.assign(base(), {
      tooltip: { renderMode: 'richText', trigger: 'item', confine: true },
      legend: { orient: 'vertical', right: 0, top: 'middle', itemWidth: 8, itemHeight: 8, textStyle: { color: TEXT_COLOUR, fontSize: 10 } },
      series: [{ type: 'pie', radius: ['32%', '64%'], center: ['28%', '52%'], label: { show: false },
                 data: answer.channels.map(function (c) { return { name: t('ch_' + c.channel), value: c.received }; }) }]
    }), true);
    var top = answer.categories.slice(0, 8).reverse();
    chart('chart-categories').setOption(Object.assign(base(), {
      grid: { left: 76, right: 12, top: 4, bottom: 16 },
      xAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { hideOverlap: true },
               splitLine: { lineStyle: { color: '#24384d' } } },
      yAxis: { type: 'category', data: top.map(function (c) { return F.lang === 'en' ? c.name_en || c.name : c.name; }),
               axisLabel: { width: 70, overflow: 'truncate' } },
      series: [{ name: t('received'), type: 'bar', data: top.map(function (c) { return c.received; }), itemStyle: { color: '#f0604d' } }]
    }), true);
  }

  // ---- 治理指数 ------------------------------------------------------------------------------------
  function colourOf(index) {
    if (index === null || index === undefined) return '#1a2633';
    for (var i = 0; i < INDEX_BREAKS.length; i++) if (index <= INDEX_BREAKS[i]) return INDEX_RAMP[i];
    return INDEX_RAMP[INDEX_RAMP.length - 1];
  }
  function dropLayer() { if (layer) { map.removeLayer(layer); layer = null; } }
  function drawIndex(rows) {
    dropLayer();
    var byCode = {};
    rows.forEach(function (r) { byCode[r.code] = r; });
    var cells = page.cells();
    if (!cells) return;
    layer = L.geoJSON({ type: 'FeatureCollection', features: cells.features.filter(function (f) { return byCode[f.properties.code]; }) }, {
      coordsToLatLng: page.coordsToLatLng,
      style: function (f) {
        return { color: '#0b1620', weight: 1, fillColor: colourOf(byCode[f.properties.code].index), fillOpacity: 0.8,
                 className: 'index-cell' };
      },
      onEachFeature: function (f, l) {
        var r = byCode[f.properties.code];
        l.bindTooltip(componentsTip(r), { sticky: true });
        l.on('click', function () { choose(r); });
      }
    }).addTo(map);
    drawScale();
    drawRanking(rows);
    if (!chosen || !byCode[chosen.code]) chosen = rows[0] || null;
    drawTrend().catch(page.warn);
  }
  function componentsTip(r) {
    var lines = [[t('index'), r.index === null ? '—' : num(r.index, 1)], [t('rank'), r.rank ? String(r.rank) : '—']];
    Object.keys(r.components).forEach(function (k) {
      lines.push([t('ix_' + k), r.components[k] === null ? '—' : num(r.components[k], 1)]);
    });
    return tip(r.name, lines);
  }
  function drawScale() {
    var box = clear($('index-scale')), low = 0;
    INDEX_BREAKS.forEach(function (high, i) { box.appendChild(el('span', 's' + i, low + '–' + high)); low = high; });
  }
  function drawRanking(rows) {
    var list = clear($('index-rank'));
    rows.slice(0, 10).forEach(function (r) {
      var li = el('li');
      li.dataset.code = r.code;
      li.appendChild(el('span', 'name', r.name));
      li.appendChild(el('span', 'v', r.index === null ? '—' : num(r.index, 1)));
      li.addEventListener('click', function () { choose(r); });
      list.appendChild(li);
    });
    if (!rows.length) list.appendChild(el('li', 'empty', t('no_data')));
  }
  function choose(r) { chosen = r; drawTrend().catch(page.warn); }
  function trendKey() { return state.level + '|' + (state.to || ''); }
  function drawTrend() {
    var box = $('index-trend-name');
    if (!chosen) { box.textContent = ''; return Promise.resolve(); }
    box.textContent = chosen.name;
    var key = trendKey();
    var got = trendCache[key] ? Promise.resolve(trendCache[key])
      : page.api('index/trend', new URLSearchParams({ level: state.level, months: 12, until: state.to || '' }))
        .then(function (answer) { trendCache[key] = answer; return answer; });
    return got.then(function (answer) {
      var values = answer.cells[chosen.code] || [];
      $('index-card').dataset.trendCode = chosen.code;
      chart('chart-index').setOption(Object.assign(base(), {
        tooltip: { renderMode: 'richText', trigger: 'axis', confine: true },
        xAxis: { type: 'category', data: answer.months.map(function (m) { return m.slice(0, 7); }) },
        yAxis: { type: 'value', min: 0, max: 100, splitLine: { lineStyle: { color: '#24384d' } } },
        series: [{ name: t('index'), type: 'line', data: values, lineStyle: { color: '#84cc16' }, itemStyle: { color: '#84cc16' } }]
      }), true);
    });
  }

  // ---- the page's passes ---------------------------------------------------------------------------
  /* The requests of one pass; `current()` says whether the pass is still the newest when an answer comes. */
  function jobs(current) {
    var list = [page.api('charts', page.params(state.within ? { cell: state.within } : {})).then(function (answer) {
      if (current()) drawCharts(answer);
    })];
    var on = $('L-index').checked, level = INDEX_LEVELS.indexOf(state.level) >= 0;
    $('index-card').hidden = !on;
    $('index-note').textContent = on && !level ? t('index_levels') : '';
    if (!on || !level) { dropLayer(); return list; }
    var p = new URLSearchParams({ level: state.level });
    if (state.from) p.set('from', state.from);
    if (state.to) p.set('to', state.to);
    list.push(page.api('index', p).then(function (rows) {
      if (!current()) return;
      if (state.within) rows = rows.filter(function (r) { return r.code.indexOf(state.within) === 0; });
      drawIndex(rows);
    }));
    return list;
  }
  function resize() { Object.keys(charts).forEach(function (id) { charts[id].resize(); }); }
  window.addEventListener('resize', resize);

  return { jobs: jobs, colourOf: colourOf };
};
