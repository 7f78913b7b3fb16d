// The web admin's shell: who is signed in, the navigation their role may see, and the
// page named by the address's #fragment. The API enforces roles regardless.
import { api, setCsrf, ApiError } from './api.js';
import { t, setLang, currentLang, otherLang } from './i18n.js';
import { h, clear } from './dom.js';
import { signinPage } from './pages/signin.js';
import { passwordPage } from './pages/password.js';
import { dashboardPage } from './pages/dashboard.js';
import { programsPage, programViewPage } from './pages/programs.js';
import { programEditPage } from './pages/program_edit.js';
import { auditPage } from './pages/audit.js';
import { customersPage } from './pages/customers.js';
import { customerPage, canReadCustomers } from './pages/customer.js';
import { staffPage, accountPage, passwordChanged } from './pages/staff.js';
import { fleetPage } from './pages/fleet.js';
import { notificationsPage } from './pages/notifications.js';
import { settingsPage } from './pages/settings.js';

// Which roles see each page (office.md "Staff, roles and audit").
const pages = [
  { id: 'dashboard', roles: ['owner', 'marketer', 'auditor'], render: dashboardPage },
  { id: 'customers', roles: ['owner', 'marketer', 'support', 'auditor'], render: customersPage },
  { id: 'programs', roles: ['owner', 'marketer', 'auditor', 'technician', 'support'], render: programsPage },
  { id: 'fleet', roles: ['owner', 'technician', 'auditor'], render: fleetPage },
  { id: 'notifications', roles: ['owner', 'marketer', 'support', 'auditor'], render: notificationsPage },
  { id: 'settings', roles: ['owner', 'marketer', 'support', 'technician', 'auditor'], render: settingsPage },
  { id: 'staff', roles: ['owner', 'auditor'], render: staffPage },
  { id: 'audit', roles: ['owner', 'auditor'], render: auditPage },
];

const state = { me: null };
const root = document.getElementById('app');

export function canEditPrograms(role) { return role === 'owner' || role === 'marketer'; }

function langButton() {
  return h('button', { class: 'lang', type: 'button', id: 'lang-switch', onclick: () => { setLang(otherLang()); render(); } },
    otherLang() === 'en' ? 'English' : 'Русский');
}

// Only a browser that signed in asks who it is: a fresh visit makes no request that fails,
// so the sign-in page's console stays clean (office.md "Exact rules").
async function loadMe() {
  if (!localStorage.getItem('kopilka.session')) return;
  try {
    const me = await api('GET', '/v1/auth/me');
    setCsrf(me.csrf);
    state.me = me;
  } catch (e) {
    state.me = null;
    localStorage.removeItem('kopilka.session');
    if (!(e instanceof ApiError)) throw e;
  }
}

export async function signedIn(answer, login) {
  setCsrf(answer.csrf);
  // What the last session chose to look at (the dashboard's period) is not the next one's.
  try { sessionStorage.removeItem('kopilka.dashboard'); } catch { /* no storage: nothing kept */ }
  localStorage.setItem('kopilka.session', '1');
  state.me = { login, role: answer.role, must_change_password: answer.must_change_password, csrf: answer.csrf };
  // Back to the page the ended session was on (render falls back to the first page of a
  // role that may not see it), for the same person only: a colleague signing in at the
  // same desk once landed on the customer the other had open.
  const back = state.endedFor === login ? state.endedOn : null;
  const typed = state.endedFor === login ? state.typed : null;
  state.endedOn = null;
  state.endedFor = null;
  state.typed = null;
  location.hash = answer.must_change_password ? '#password' : '#' + (back || firstPage());
  render();
  if (typed && !answer.must_change_password) restoreTyped(typed);
}

// What was typed on the page when its session ended, put back once the same person has
// signed in again (a marketer's campaign text was lost to the idle timeout). Kept in this
// tab's memory only, never stored: it may hold a customer's contacts. Passwords are not kept.
function typedOnPage() {
  const values = {};
  for (const el of document.querySelectorAll('main input[id], main textarea[id], main select[id]')) {
    if (el.type === 'password' || el.type === 'file' || el.readOnly || el.disabled) continue;
    values[el.id] = el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value;
  }
  return values;
}
function restoreTyped(values) {
  // The page draws its fields as its data arrives: each is filled when it appears, for a while.
  const waiting = new Set(Object.keys(values));
  const deadline = Date.now() + 8000;
  const step = () => {
    for (const id of [...waiting]) {
      const el = document.getElementById(id);
      if (!el) continue;
      waiting.delete(id);
      const differs = typeof values[id] === 'boolean' ? el.checked !== values[id] : el.value !== values[id];
      if (typeof values[id] === 'boolean') el.checked = values[id];
      else el.value = values[id];
      // A draft put back inside a folded section is shown: the contacts typed in «Изменить
      // контакты» were back but out of sight, and read as saved.
      const fold = differs ? el.closest('details') : null;
      if (fold) fold.open = true;
      el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
    }
    if (waiting.size && Date.now() < deadline) setTimeout(step, 100);
  };
  setTimeout(step, 0);
}

async function signOut() {
  try { await api('POST', '/v1/auth/logout', {}); } catch { /* the session is gone either way */ }
  state.me = null;
  setCsrf('');
  localStorage.removeItem('kopilka.session');
  location.hash = '';
  render();
}

function visiblePages() {
  return state.me ? pages.filter((p) => p.roles.includes(state.me.role)) : [];
}
function firstPage() { return (visiblePages()[0] || pages[1]).id; }

function shell(active) {
  const nav = h('nav', { class: 'nav' },
    h('div', { class: 'brand' }, h('img', { src: '/favicon.svg', alt: '' }), t('app.name')),
    visiblePages().map((p) => h('a', { href: '#' + p.id, class: p.id === active ? 'active' : null, 'data-page': p.id }, t('nav.' + p.id))),
    h('div', { class: 'who' },
      h('a', { id: 'who', href: '#account', title: t('account.title') }, `${state.me.login} · ${t('role.' + state.me.role)}`),
      langButton(),
      h('button', { class: 'secondary', type: 'button', id: 'sign-out', onclick: signOut }, t('nav.signout'))));
  const main = h('main', { id: 'main' });
  clear(root).append(h('div', { class: 'shell' }, nav, main));
  return main;
}

export function render() {
  document.title = t('app.title');
  const hash = location.hash.replace(/^#/, '');
  const [pageId, ...rest] = hash.split('/');
  if (!state.me) return signinPage(clear(root), { langButton, signedIn, ended: !!state.endedOn });
  if (state.me.must_change_password || pageId === 'password')
    return passwordPage(clear(root), { langButton, me: state.me, done: () => {
      // A change one chose (not the first sign-in's) may follow a theft: the account page
      // shows the API tokens, which outlive the password, to be checked.
      const forced = state.me.must_change_password;
      state.me.must_change_password = false;
      if (!forced) passwordChanged();
      location.hash = forced ? '#' + firstPage() : '#account';
      render();
    } });
  if (pageId === 'program' && canEditPrograms(state.me.role))
    return programEditPage(shell('programs'), { me: state.me, id: decodeURIComponent(rest.join('/')) });
  if (pageId === 'program' && rest.join('/') && visiblePages().some((p) => p.id === 'programs'))
    return programViewPage(shell('programs'), { me: state.me, id: decodeURIComponent(rest.join('/')) });
  if (pageId === 'customer' && canReadCustomers(state.me.role))
    return customerPage(shell('customers'), { me: state.me, id: decodeURIComponent(rest.join('/')) });
  if (pageId === 'account') return accountPage(shell('account'), { me: state.me });
  const page = visiblePages().find((p) => p.id === pageId) || visiblePages()[0];
  if (!page) return clear(shell('')).append(h('p', {}, t('nav.nothing')));
  page.render(shell(page.id), { me: state.me, canEdit: canEditPrograms(state.me.role) });
}

window.addEventListener('hashchange', render);
window.addEventListener('kopilka:unauthorized', () => {
  if (!state.me) return;
  // An idle session ended under the page: the sign-in says so, and brings the person back.
  state.endedOn = location.hash.replace(/^#/, '') || null;
  state.endedFor = state.me.login;
  state.typed = typedOnPage();
  state.me = null;
  localStorage.removeItem('kopilka.session');
  render();
});
setLang(currentLang());
loadMe().then(render);
