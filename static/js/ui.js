/* Small helpers the pages share: DOM building with textContent only (server text is never parsed as
   HTML), locale-aware numbers and dates, a translator over a page's text table, and the JSON API client
   (same-origin cookies, the CSRF token of <meta name="csrf-token"> on every state-changing request,
   the one error shape of /api/v1 turned into an Error with .status, .code and .details). */
(function (global) {
  'use strict';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  function pageLang() { return (document.documentElement.lang || 'zh').indexOf('en') === 0 ? 'en' : 'zh'; }
  function locale(lang) { return lang === 'zh' ? 'zh-CN' : (navigator.language || 'en'); }

  /** A translator ``t(key, vars)`` over ``{zh: {...}, en: {...}}``; Chinese fills gaps, the key is the last resort. */
  function translator(texts, lang) {
    return function (key, vars) {
      var s = texts[lang][key] !== undefined ? texts[lang][key] : texts.zh[key];
      if (s === undefined) return key;
      Object.keys(vars || {}).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])); });
      return s;
    };
  }
  /** Fill every [data-i18n] element under ``root`` with its text. */
  function translatePage(t, root) {
    (root || document).querySelectorAll('[data-i18n]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-i18n'));
    });
  }

  /** Numbers, shares and times for ``lang``; ``dateStyle`` ('medium' unless given) for times. A time is shown
      on the case clock (Asia/Shanghai, where the centre is), whatever zone the browser is set to. */
  function formats(lang, dateStyle) {
    var loc = locale(lang);
    function missing(v) { return v === null || v === undefined || (typeof v === 'number' && isNaN(v)); }
    return {
      num: function (v, digits) {
        return missing(v) ? '–' : new Intl.NumberFormat(loc, { maximumFractionDigits: digits === undefined ? 0 : digits }).format(v);
      },
      pct: function (v) {
        return missing(v) ? '–' : new Intl.NumberFormat(loc, { style: 'percent', maximumFractionDigits: 1 }).format(v);
      },
      when: function (iso) {
        return iso ? new Intl.DateTimeFormat(loc, { dateStyle: dateStyle || 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(iso)) : '–';
      }
    };
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  /** The one client of ``/api/v1/<path>``; resolves to the JSON answer. ``options``: ``method`` (GET, or
      POST when a body is given), ``json`` (a body sent as JSON) or ``form`` (a FormData, for photos),
      ``query`` (URLSearchParams), ``next`` (where to come back after signing in again) and ``offline``
      (the message when the network fails). A refusal becomes an Error with .status, .code, .details. */
  function request(path, options) {
    options = options || {};
    var method = options.method || (options.json !== undefined || options.form ? 'POST' : 'GET');
    var init = { credentials: 'same-origin', method: method, headers: { Accept: 'application/json' } };
    if (method !== 'GET') init.headers['X-CSRFToken'] = csrfToken();
    if (options.json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.json);
    } else if (options.form) {
      init.body = options.form;
    }
    var query = options.query && String(options.query) ? '?' + options.query : '';
    return fetch('/api/v1/' + path + query, init).then(function (r) {
      if (r.status === 401) {
        global.location.href = '/login?next=' + encodeURIComponent(options.next || global.location.pathname);
        throw new Error('signed out');
      }
      return r.json().then(function (answer) {
        if (r.ok) return answer;
        var error = answer.error || {};
        var e = new Error(error.message || r.statusText);
        e.status = r.status; e.code = error.code; e.details = error;
        throw e;
      });
    }, function (failure) {
      if (!options.offline) throw failure;
      var e = new Error(options.offline); e.code = 'network'; throw e;
    });
  }

  /** GET (no body) or POST (``body`` as JSON; ``method`` for another verb) ``/api/v1/<path>``. */
  function api(path, body, method) {
    var sends = body !== undefined || (method && method !== 'GET');
    return request(path, sends ? { method: method || 'POST', json: body || {} } : {});
  }

  global.GridgovUi = {
    el: el, clear: clear, pageLang: pageLang, translator: translator, translatePage: translatePage,
    formats: formats, api: api, request: request, csrfToken: csrfToken
  };
})(window);
