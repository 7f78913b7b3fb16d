// The password change a new account must make before anything else (office.md "Accounts").
import { api, setCsrf } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';

export function passwordPage(root, { langButton, me, done }) {
  const old = h('input', { id: 'old-password', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: 'new-password', type: 'password', autocomplete: 'new-password', required: true });
  const again = h('input', { id: 'new-password-again', type: 'password', autocomplete: 'new-password', required: true });
  const msg = h('div', { id: 'password-error', class: 'error', role: 'alert' });
  const form = h('form', { class: 'panel' },
    me.must_change_password ? h('p', {}, t('password.forced')) : null,
    h('div', { class: 'field wide' }, h('label', { for: 'old-password' }, t('password.old')), old),
    h('div', { class: 'field wide' }, h('label', { for: 'new-password' }, t('password.new')), next),
    h('div', { class: 'field wide' }, h('label', { for: 'new-password-again' }, t('password.again')), again),
    msg, h('p', {}, h('button', { type: 'submit', id: 'change-password' }, t('password.submit'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (next.value !== again.value) { msg.textContent = t('password.mismatch'); return; }
    try {
      // The change ends every session of the account, this one too: the answer brings the
      // new session's token (its cookie comes with it).
      const answer = await api('POST', '/v1/auth/password', { old: old.value, new: next.value });
      setCsrf(answer.csrf);
      done();
    } catch (e) {
      msg.textContent = e.message;
    }
  });
  root.append(h('div', { class: 'center' },
    h('div', { class: 'brand' }, h('img', { src: '/favicon.svg', alt: '' }), t('app.name'), h('span', { style: 'margin-left:auto' }, langButton())),
    h('h1', {}, t('password.title')), form));
}
