/* The administrators' page: the accounts of the admin's area and the account log from /api/v1/admin;
   create, disable, enable, unlock, reset a password. Rule: server text goes in with textContent only. */
(function () {
  'use strict';
  var TEXT = {
    zh: { title: '账号管理', to_command: '指挥地图', password: '修改密码', sign_out: '退出', accounts: '账号',
          username: '用户名', role: '角色', scope: '范围', person: '人员', state: '状态', last: '最近登录',
          create: '新建账号', create_btn: '创建', log: '账号日志', export: '导出CSV', at: '时间', event: '事件',
          address: '地址', operator: '操作人', active: '正常', disabled: '已停用', locked: '已锁定至 {t}',
          never: '从未登录', disable: '停用', enable: '启用', unlock: '解锁', reset: '重置密码',
          new_password: '新密码（至少10个字符）', done: '已完成：{u}', refused: '未能完成：{m}' },
    en: { title: 'Accounts', to_command: 'Command map', password: 'Password', sign_out: 'Sign out', accounts: 'Accounts',
          username: 'Username', role: 'Role', scope: 'Scope', person: 'Person', state: 'State', last: 'Last sign-in',
          create: 'New account', create_btn: 'Create', log: 'Account log', export: 'Export CSV', at: 'At',
          event: 'Event', address: 'Address', operator: 'Operator', active: 'active', disabled: 'disabled',
          locked: 'locked until {t}', never: 'never', disable: 'Disable', enable: 'Enable', unlock: 'Unlock',
          reset: 'Reset password', new_password: 'New password (10 characters or more)', done: 'Done: {u}',
          refused: 'Refused: {m}' }
  };
  var t = window.GridgovUi.translator(TEXT, window.GridgovUi.pageLang());
  var fmt = window.GridgovUi.formats(window.GridgovUi.pageLang(), 'short');
  var el = window.GridgovUi.el, clear = window.GridgovUi.clear;
  var $ = function (id) { return document.getElementById(id); };
  var drawn = 0;

  function api(path, options) {
    return window.GridgovUi.request('admin/' + path, Object.assign({ next: '/admin' }, options || {}));
  }
  function say(text, ok) { $('msg').textContent = text; $('msg').classList.toggle('ok', !!ok); }
  function button(label, action) {
    var b = el('button', 'action', label); b.type = 'button'; b.dataset.op = action.op;
    b.addEventListener('click', function () {
      var body = action.body ? action.body() : undefined;
      if (action.body && !body) return;
      api('accounts/' + encodeURIComponent(action.username) + '/' + action.op, { method: 'POST', json: body || {} })
        .then(function () { say(t('done', { u: action.username }), true); load(); },
              function (e) { say(t('refused', { m: e.message })); });
    });
    return b;
  }

  function load() {
    return Promise.all([api('accounts'), api('account-log')]).then(function (answers) {
      var rows = clear($('accounts')), roles = answers[0].roles;
      if (!$('c-role').options.length) {
        Object.keys(roles).forEach(function (r) { $('c-role').appendChild(el('option', null, roles[r] + ' ' + r)).value = r; });
      }
      answers[0].accounts.forEach(function (a) {
        var tr = el('tr'); tr.dataset.username = a.username;
        var state = a.disabled_at ? t('disabled') : (a.locked_until ? t('locked', { t: fmt.when(a.locked_until) }) : t('active'));
        [a.username, roles[a.role] || a.role, (a.scope_code || '') + ' ' + (a.scope_name || ''), a.person_name || '',
         state, a.last_sign_in ? fmt.when(a.last_sign_in) : t('never')].forEach(function (v) { tr.appendChild(el('td', null, v)); });
        var cell = el('td');
        cell.appendChild(button(t(a.disabled_at ? 'enable' : 'disable'), { op: a.disabled_at ? 'enable' : 'disable', username: a.username }));
        if (a.locked_until) cell.appendChild(button(t('unlock'), { op: 'unlock', username: a.username }));
        cell.appendChild(button(t('reset'), { op: 'reset-password', username: a.username, body: function () {
          var p = window.prompt(t('new_password')); return p ? { password: p } : null;
        } }));
        tr.appendChild(cell); rows.appendChild(tr);
      });
      var log = clear($('log'));
      answers[1].events.slice(0, 200).forEach(function (e) {
        var tr = el('tr');
        [fmt.when(e.at), e.event, e.username, e.address || '', e.operator || ''].forEach(function (v) { tr.appendChild(el('td', null, v)); });
        log.appendChild(tr);
      });
      document.body.dataset.ready = String(++drawn);
    }, function (e) { say(t('refused', { m: e.message })); });
  }

  $('create').addEventListener('submit', function (e) {
    e.preventDefault();
    var body = { username: $('c-username').value.trim(), role: $('c-role').value, scope_code: $('c-scope').value.trim() || null,
                 person: $('c-person').value.trim() || null, password: $('c-password').value };
    api('accounts', { json: body }).then(function () {
      $('c-password').value = ''; say(t('done', { u: body.username }), true); load();
    }, function (err) { say(t('refused', { m: err.message })); });
  });
  window.GridgovUi.translatePage(t);
  load();
})();
