// The audit log: GET /v1/admin/audit?who=&from=&to= (owner and auditor).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';

const short = (v) => (v === null || v === undefined ? '' : JSON.stringify(v));

export function auditPage(main) {
  const who = h('input', { id: 'audit-who' });
  const from = h('input', { id: 'audit-from', type: 'date' });
  const to = h('input', { id: 'audit-to', type: 'date' });
  const out = h('div', { class: 'panel table-wrap', id: 'audit-body' });
  const load = async () => {
    const q = new URLSearchParams();
    if (who.value.trim()) q.set('who', who.value.trim());
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', to.value);
    out.textContent = t('common.loading');
    try {
      const { entries } = await api('GET', '/v1/admin/audit?' + q);
      out.textContent = '';
      if (!entries.length) { out.append(h('p', { class: 'muted' }, t('audit.none'))); return; }
      out.append(h('table', { id: 'audit' },
        h('thead', {}, h('tr', {}, ['at', 'who', 'address', 'action', 'object', 'change'].map((k) => h('th', {}, t('audit.' + k))))),
        h('tbody', {}, entries.map((e) => h('tr', {}, h('td', {}, e.at), h('td', {}, e.who), h('td', {}, e.address || ''),
          h('td', {}, e.action), h('td', {}, e.object),
          h('td', {}, h('pre', {}, (e.before ? short(e.before) + '\n→ ' : '') + short(e.after))))))));
    } catch (e) {
      out.textContent = '';
      out.append(h('div', { class: 'banner bad' }, e.message));
    }
  };
  main.append(h('h1', {}, t('nav.audit')),
    h('div', { class: 'panel row' },
      h('div', { class: 'field' }, h('label', { for: 'audit-who' }, t('audit.who')), who),
      h('div', { class: 'field' }, h('label', { for: 'audit-from' }, t('common.from')), from),
      h('div', { class: 'field' }, h('label', { for: 'audit-to' }, t('common.to')), to),
      h('button', { type: 'button', id: 'audit-load', onclick: load }, t('common.show'))),
    out);
  load();
}
