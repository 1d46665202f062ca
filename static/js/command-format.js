/* The command page's texts and DOM helpers: texts in the chosen language (F.lang, switched by the page),
   numbers, percentages and dates in its locale, and elements built with textContent only — text from
   the server is never parsed as HTML (the helpers themselves are static/js/ui.js's). */
window.GridgovCommandFormat = (function () {
  'use strict';

  // ---- i18n and formats over the shared helpers (static/js/ui.js), in the page's current language --
  var ui = window.GridgovUi;
  var TEXT = window.GridgovCommandText;   // static/js/command-i18n.js
  var F = { lang: ui.pageLang() };
  function t(key, vars) { return ui.translator(TEXT, F.lang)(key, vars); }
  function num(v, digits) { return ui.formats(F.lang).num(v, digits); }
  function pct(v) { return ui.formats(F.lang).pct(v); }
  function when(iso) { return ui.formats(F.lang).when(iso); }
  var el = ui.el, clear = ui.clear;

  function tip(title, rows) {
    var box = el('div', 'tip');
    box.appendChild(el('div', 't', title));
    rows.forEach(function (r) {
      var line = el('div');
      line.appendChild(el('span', 'l', r[0] + '：'));
      line.appendChild(el('span', r[2] || '', r[1]));
      box.appendChild(line);
    });
    return box;
  }

  F.t = t; F.num = num; F.pct = pct; F.when = when; F.el = el; F.clear = clear; F.tip = tip;
  return F;
})();
