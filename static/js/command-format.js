/* The command page's texts and DOM helpers: texts in the chosen language (F.lang, switched by the page),
   numbers, percentages and dates in its locale, and elements built with textContent only — text from
   the server is never parsed as HTML. */
window.GridgovCommandFormat = (function () {
  'use strict';

  // ---- i18n --------------------------------------------------------------------------------------
  var TEXT = window.GridgovCommandText;   // static/js/command-i18n.js
  var F = { lang: (document.documentElement.lang || 'zh').indexOf('en') === 0 ? 'en' : 'zh' };
  function t(key, vars) {
    var s = (TEXT[F.lang][key] !== undefined ? TEXT[F.lang][key] : TEXT.zh[key]);
    if (s === undefined) return key;
    Object.keys(vars || {}).forEach(function (k) { s = s.replace('{' + k + '}', vars[k]); });
    return s;
  }
  function locale() { return F.lang === 'zh' ? 'zh-CN' : (navigator.language || 'en'); }
  function num(v, digits) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits === undefined ? 0 : digits }).format(v);
  }
  function pct(v) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
  }
  function when(iso) {
    return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '–';
  }

  // ---- small DOM helpers (textContent only) ------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
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
