// Staff (#staff: owner; auditor reads): accounts with role and state, a new account with
// its one-time password shown once (POST /v1/admin/users), role change and disable
// (PUT /v1/admin/users/{login}), a forgotten password reset to a new one-time one. My account (#account: everyone): personal API tokens
// (GET/POST/DELETE /v1/admin/tokens, a new token shown once) and the password change.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { add, h } from '../dom.js';
import { when } from '../form_fields.js';

const roles = ['owner', 'marketer', 'support', 'technician', 'auditor'];

function stateText(u) {
  if (u.disabled) return t('staff.disabled');
  return u.must_change_password ? t('staff.must_change') : t('staff.active');
}

// A new account's select starts on no role (`value` empty), not on the first of the list:
// one careless click once made a new hire an owner.
function roleSelect(id, value) {
  const s = h('select', { id }, value ? null : h('option', { value: '' }, t('staff.choose_role')),
    roles.map((r) => h('option', { value: r }, t('role.' + r))));
  s.value = value;
  return s;
}

// Shown once: the API never tells it again, so it stays until the page is left.
function secretBox(id, text, secret) {
  return h('div', { class: 'banner ok secret' }, h('div', {}, text), h('code', { id }, secret));
}

// A forgotten password: the first press asks, the second gets a new one-time password
// (POST /v1/admin/users/{login}/reset-password); the account's sessions end.
function resetButton(u, reset, err) {
  const b = h('button', { type: 'button', class: 'secondary reset', 'data-login': u.login }, t('staff.reset'));
  let armed = false;
  b.addEventListener('click', () => {
    if (!armed) {
      armed = true;
      b.textContent = t('staff.reset_confirm', { login: u.login });
      return;
    }
    reset(u, err);
  });
  return b;
}

// Disabling ends the account's sessions: the first press asks, the second does it. Enabling
// takes one press.
function disableButton(u, changed, err) {
  const b = h('button', { type: 'button', class: 'secondary toggle', 'data-login': u.login },
    u.disabled ? t('staff.enable') : t('staff.disable'));
  let armed = false;
  b.addEventListener('click', () => {
    if (!u.disabled && !armed) {
      armed = true;
      b.textContent = t('staff.disable_confirm', { login: u.login });
      return;
    }
    changed(u, { disabled: !u.disabled }, err, () => {});
  });
  return b;
}

function usersTable(users, me, owner, changed, reset) {
  return h('table', { id: 'users' },
    h('thead', {}, h('tr', {}, ['login', 'role', 'state', ''].map((k) => h('th', {}, k ? t('staff.' + k) : '')))),
    h('tbody', {}, users.map((u) => {
      const err = h('div', { class: 'err' });
      const self = u.login === me.login;
      let role = t('role.' + u.role);
      let actions = null;
      // The owner cannot demote or lock out the account the page is open with.
      if (owner && !self) {
        const select = roleSelect('role-' + u.login, u.role);
        // A role is what the account may do: a scroll of the wheel over the list once made
        // support an owner at once. The choice is said, then made or taken back.
        const ask = h('div', { class: 'confirm' });
        select.addEventListener('change', () => {
          ask.textContent = '';
          if (select.value === u.role) return;
          const chosen = select.value;
          ask.append(h('span', {}, t('staff.role_confirm', { login: u.login, role: t('role.' + chosen) })), ' ',
            h('button', { type: 'button', class: 'danger', id: 'confirm-role-' + u.login,
              onclick: () => changed(u, { role: chosen }, err, () => { select.value = u.role; ask.textContent = ''; }) }, t('staff.role_yes')), ' ',
            h('button', { type: 'button', class: 'secondary', onclick: () => { select.value = u.role; ask.textContent = ''; } }, t('common.cancel')));
        });
        role = h('span', {}, select, ask);
        actions = [disableButton(u, changed, err), ' ', resetButton(u, reset, err)];
      }
      return h('tr', { 'data-login': u.login, 'data-role': u.role, 'data-disabled': String(u.disabled) },
        h('td', {}, u.login), h('td', {}, role), h('td', {}, h('span', { class: 'state' }, stateText(u))), h('td', {}, actions, err));
    })));
}

export function staffPage(main, { me }) {
  const owner = me.role === 'owner';
  const list = h('div', { class: 'panel table-wrap', id: 'users-body' }, t('common.loading'));
  const fresh = h('div', { id: 'new-user-result' });

  async function load() {
    try {
      const { users } = await api('GET', '/v1/admin/users');
      list.textContent = '';
      list.append(usersTable(users, me, owner, change, reset));
    } catch (e) {
      list.textContent = '';
      list.append(h('div', { class: 'banner bad' }, e.message));
    }
  }
  async function change(u, body, err, undo) {
    err.textContent = '';
    try {
      await api('PUT', '/v1/admin/users/' + encodeURIComponent(u.login), body);
      await load();
    } catch (e) {
      undo();
      err.textContent = e.message;
    }
  }

  async function reset(u, err) {
    err.textContent = '';
    try {
      const made = await api('POST', '/v1/admin/users/' + encodeURIComponent(u.login) + '/reset-password');
      fresh.textContent = '';
      fresh.append(secretBox('one-time-password', t('staff.one_time', { login: made.login }), made.password));
      await load();
    } catch (e) {
      err.textContent = e.message;
    }
  }

  main.append(h('h1', {}, t('nav.staff')));
  if (owner) {
    const login = h('input', { id: 'new-login', autocomplete: 'off', spellcheck: 'false' });
    const role = roleSelect('new-role', '');
    const err = h('div', { class: 'err' });
    const form = h('form', { class: 'panel', id: 'add-user-form' }, h('h2', {}, t('staff.add_title')),
      h('div', { class: 'row' },
        h('div', { class: 'field', 'data-key': 'login' }, h('label', { for: 'new-login' }, t('staff.login')), login),
        h('div', { class: 'field', 'data-key': 'role' }, h('label', { for: 'new-role' }, t('staff.role')), role),
        h('button', { type: 'submit', id: 'add-user' }, t('staff.add'))),
      err, fresh);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      err.textContent = '';
      fresh.textContent = '';
      if (!role.value) { err.textContent = t('staff.role') + ': ' + t('staff.role_missing'); role.focus(); return; }
      try {
        const made = await api('POST', '/v1/admin/users', { login: login.value.trim(), role: role.value });
        fresh.append(secretBox('one-time-password', t('staff.one_time', { login: made.login }), made.password));
        login.value = '';
        role.value = '';
        await load();
      } catch (e) {
        err.textContent = (e.field === 'login' || e.field === 'role' ? t('staff.' + e.field) + ': ' : '') + e.message;
      }
    });
    main.append(form);
  }
  main.append(list);
  load();
}

function tokensPanel(me) {
  const list = h('div', { class: 'table-wrap', id: 'tokens-body' }, t('common.loading'));
  const name = h('input', { id: 'token-name', autocomplete: 'off', spellcheck: 'false' });
  const err = h('div', { class: 'err' });
  const fresh = h('div', { id: 'new-token-result' });
  async function load() {
    try {
      const { tokens } = await api('GET', '/v1/admin/tokens');
      list.textContent = '';
      if (!tokens.length) { list.append(h('p', { class: 'muted' }, t('staff.no_tokens'))); return; }
      list.append(h('table', { id: 'tokens' },
        h('thead', {}, h('tr', {}, ['token_name', 'login', 'created', ''].map((k) => h('th', {}, k ? t('staff.' + k) : '')))),
        h('tbody', {}, tokens.map((tk) => h('tr', { 'data-name': tk.name },
          h('td', {}, tk.name), h('td', {}, tk.login), h('td', { class: 'nowrap' }, when(tk.created)),
          h('td', {}, h('button', { type: 'button', class: 'secondary revoke', onclick: () => revoke(tk.name) }, t('staff.revoke'))))))));
    } catch (e) {
      list.textContent = '';
      list.append(h('div', { class: 'banner bad' }, e.message));
    }
  }
  async function revoke(tokenName) {
    err.textContent = '';
    try { await api('DELETE', '/v1/admin/tokens/' + encodeURIComponent(tokenName)); await load(); } catch (e) { err.textContent = e.message; }
  }
  const form = h('form', { id: 'token-form' },
    h('div', { class: 'row' },
      h('div', { class: 'field', 'data-key': 'name' }, h('label', { for: 'token-name' }, t('staff.token_name')), name),
      h('button', { type: 'submit', id: 'create-token' }, t('staff.create_token'))), err, fresh);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    fresh.textContent = '';
    try {
      const made = await api('POST', '/v1/admin/tokens', { name: name.value.trim() });
      fresh.append(secretBox('new-token', t('staff.token_once', { name: made.name }), made.token));
      name.value = '';
      await load();
    } catch (e) {
      err.textContent = (e.field === 'name' ? t('staff.token_name') + ': ' : '') + e.message;
    }
  });
  load();
  return h('div', { class: 'panel', id: 'tokens-panel' }, h('h2', {}, t('staff.tokens_title')),
    h('p', { class: 'muted' }, t(me.role === 'owner' ? 'staff.tokens_hint_owner' : 'staff.tokens_hint')), form, list);
}

// Set by a password change the person chose: the account page then says what the change
// ended and what it did not (the API tokens), until the person goes to another page.
let passwordJustChanged = false;
export function passwordChanged() { passwordJustChanged = true; }
window.addEventListener('hashchange', () => {
  if (location.hash !== '#account') passwordJustChanged = false;
});

export function accountPage(main, { me }) {
  const changed = passwordJustChanged;
  add(main, h('h1', {}, t('account.title')),
    changed ? h('div', { class: 'banner ok', id: 'password-changed', role: 'status' }, t('account.password_changed')) : null,
    h('div', { class: 'panel' }, h('p', {}, `${me.login} · ${t('role.' + me.role)}`),
      h('p', {}, h('a', { href: '#password', id: 'change-my-password' }, t('password.title')))),
    tokensPanel(me));
}
