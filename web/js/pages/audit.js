// The audit log: GET /v1/admin/audit?who=&action=&object=&from=&to= (owner and auditor),
// 100 entries a page, the next ones with `before` (the last id shown).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, add } from '../dom.js';
import { when as timeText } from '../form_fields.js';

const kPage = 100;

// The actions head office records (office.md "Audit"), offered in the filter in words; an
// action not listed here (a newer head office) still shows, as its code.
const kActions = [
  'program.create',
  'program.update',
  'program.delete',
  'card.create',
  'card.update',
  'card.replace',
  'customer.update',
  'customer.merge',
  'customer.erase',
  'data.export',
  'customer.unsubscribe',
  'customer.sms_stop',
  'points.adjust',
  'card.birthday_gift',
  'campaign.create',
  'campaign.test',
  'campaign.start',
  'campaign.stop',
  'template.update',
  'template.reset',
  'notification.resend',
  'settings.update',
  'store.add',
  'store.update',
  'register.add',
  'register.update',
  'register.enrol',
  'register.return',
  'register.revoke',
  'user.add',
  'user.update',
  'user.password_reset',
  'auth.password',
  'token.create',
  'token.revoke',
];
export const actionLabel = (code) => { const key = 'audit.act.' + code; const s = t(key); return s === key ? code : s; };

// A value as one line: text as it is, yes/no in words, a list by commas, anything else as
// JSON; nothing as a dash. A store's id is its name (the page reads the stores once).
let storeNames = new Map();
const shown = (v, key = '') => {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
  if (/(^|\.)store(_id)?$/.test(key) && storeNames.has(v)) return storeNames.get(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.length ? v.join(', ') : '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
};
// A field by its name in words where the page knows it («Цена балла, коп.»), else its code.
const fieldLabel = (k) => { const key = 'audit.field.' + k; const s = t(key); return s === key ? k : s; };

// An object's fields as "a.b" → value, so a change reads field by field.
function flat(v, prefix = '', out = new Map()) {
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) {
    for (const [k, x] of Object.entries(v)) flat(x, prefix ? prefix + '.' + k : k, out);
  } else if (prefix) {
    out.set(prefix, v);
  }
  return out;
}

// Before → after as the fields that changed, a line each ("points: 74 → 574"); a record
// made or removed lists its fields.
export function changeLines(before, after) {
  const objects = [before, after].every((v) => v === null || v === undefined || (typeof v === 'object' && !Array.isArray(v)));
  if (!objects) return [(before !== null && before !== undefined ? shown(before) + ' → ' : '') + shown(after)];
  const b = flat(before || {}), a = flat(after || {});
  const lines = [];
  for (const k of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(k), y = a.get(k);
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    lines.push(before ? `${fieldLabel(k)}: ${shown(x, k)} → ${shown(y, k)}` : `${fieldLabel(k)}: ${shown(y, k)}`);
  }
  return lines.length ? lines : ['—'];
}

// "2026-12-03T11:32:13+03:00" → "03.12.2026 11:32:13" (head office's zone, as answered).
const when = (at) => timeText(at, { seconds: true });

export function auditPage(main) {
  const input = (id, type) => h('input', { id, type: type || 'text' });
  const who = input('audit-who'), object = input('audit-object');
  const action = h('select', { id: 'audit-action' }, h('option', { value: '' }, t('audit.action_all')),
    kActions.map((a) => [a, actionLabel(a)]).sort((x, y) => x[1].localeCompare(y[1]))
      .map(([a, label]) => h('option', { value: a }, label)));
  const from = input('audit-from', 'date'), to = input('audit-to', 'date');
  const out = h('div', { class: 'panel table-wrap', id: 'audit-body' });
  let rows = null, more = null;

  const row = (e) => h('tr', { 'data-id': e.id }, h('td', { title: e.at }, when(e.at)), h('td', {}, e.who),
    h('td', {}, e.address || ''), h('td', { title: e.action, 'data-action': e.action }, actionLabel(e.action)), h('td', {}, e.object),
    h('td', {}, h('pre', {}, changeLines(e.before, e.after).join('\n'))));

  // One page: the first (`before` empty) draws the table anew, the next ones add to it.
  const page = async (before) => {
    const q = new URLSearchParams();
    for (const [key, el] of [['who', who], ['action', action], ['object', object]])
      if (el.value.trim()) q.set(key, el.value.trim());
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    if (before) q.set('before', before);
    if (!before) out.textContent = t('common.loading');
    let entries;
    try {
      ({ entries } = await api('GET', '/v1/admin/audit?' + q));
    } catch (e) {
      if (!before) out.textContent = '';
      add(out, h('div', { class: 'banner bad', id: 'audit-error' }, e.message));
      return;
    }
    if (!before) {
      out.textContent = '';
      if (!entries.length) { add(out, h('p', { class: 'muted' }, t('audit.none'))); return; }
      rows = h('tbody', {});
      more = h('button', { type: 'button', class: 'secondary', id: 'audit-more' }, t('audit.more'));
      add(out, h('table', { id: 'audit' },
        h('thead', {}, h('tr', {}, ['at', 'who', 'address', 'action', 'object', 'change'].map((k) => h('th', {}, t('audit.' + k))))),
        rows), more);
    }
    add(rows, entries.map(row));
    const last = entries.length ? entries[entries.length - 1].id : null;
    more.style.display = entries.length < kPage ? 'none' : '';
    more.onclick = () => page(last);
  };
  const load = async () => {
    if (!storeNames.size) {
      try {
        const { stores } = await api('GET', '/v1/admin/stores');
        storeNames = new Map(stores.map((s) => [s.id, s.name]));
      } catch { /* ids stay as they are */ }
    }
    return page(null);
  };
  add(main, h('h1', {}, t('nav.audit')),
    h('div', { class: 'panel row' },
      h('div', { class: 'field' }, h('label', { for: 'audit-who' }, t('audit.who')), who),
      h('div', { class: 'field' }, h('label', { for: 'audit-action' }, t('audit.action')), action),
      h('div', { class: 'field' }, h('label', { for: 'audit-object' }, t('audit.object')), object),
      h('div', { class: 'field' }, h('label', { for: 'audit-from' }, t('common.from')), from),
      h('div', { class: 'field' }, h('label', { for: 'audit-to' }, t('common.to')), to),
      h('button', { type: 'button', id: 'audit-load', onclick: load }, t('common.show'))),
    out);
  load();
}
