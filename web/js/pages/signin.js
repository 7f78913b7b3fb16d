// Sign-in: POST /v1/auth/login {"login", "password"} sets the session cookie.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';

export function signinPage(root, { langButton, signedIn, ended = false }) {
  const login = h('input', { id: 'login', name: 'login', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div', { id: 'signin-error', class: 'error', role: 'alert' });
  const button = h('button', { type: 'submit', id: 'signin' }, t('signin.submit'));
  const form = h('form', { class: 'panel' },
    h('div', { class: 'field wide' }, h('label', { for: 'login' }, t('signin.login')), login),
    h('div', { class: 'field wide' }, h('label', { for: 'password' }, t('signin.password')), password),
    msg, h('p', {}, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    button.disabled = true;
    try {
      const answer = await api('POST', '/v1/auth/login', { login: login.value.trim(), password: password.value });
      await signedIn(answer, login.value.trim());
    } catch (e) {
      // A locked-out agent is told for how long (the answer's Retry-After), not "a little".
      msg.textContent = e.status === 401 ? t('signin.wrong')
        : e.status === 429 && e.retryAfter > 0
          ? t('signin.toomany_for', { minutes: Math.ceil(e.retryAfter / 60) })
          : e.status === 429 ? t('signin.toomany') : e.message;
    } finally {
      button.disabled = false;
    }
  });
  root.append(h('div', { class: 'center' },
    h('div', { class: 'brand' }, h('img', { src: '/favicon.svg', alt: '' }), t('app.name'), h('span', { style: 'margin-left:auto' }, langButton())),
    h('h1', {}, t('signin.title')),
    // What was typed on the page is gone with the session: say why, not only ask again.
    ended ? h('div', { class: 'banner warn', id: 'session-ended', role: 'status' }, t('signin.ended')) : null,
    form));
  login.focus();
}
