// Programs: the list (GET /v1/admin/programs); owner and marketer may open the form.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';

export async function programsPage(main, { canEdit }) {
  main.append(h('h1', {}, t('programs.title')));
  if (canEdit) main.append(h('p', {}, h('a', { href: '#program/', id: 'new-program' }, t('programs.new'))));
  const box = h('div', { class: 'panel table-wrap' }, t('common.loading'));
  main.append(box);
  try {
    const { programs } = await api('GET', '/v1/admin/programs');
    box.textContent = '';
    if (!programs.length) { box.append(h('p', { class: 'muted' }, t('programs.none'))); return; }
    box.append(h('table', { id: 'programs' },
      h('thead', {}, h('tr', {}, ['id', 'name', 'kind', 'enabled', 'priority'].map((k) => h('th', {}, t('program.' + k))))),
      h('tbody', {}, programs.map((p) => h('tr', { 'data-id': p.id },
        h('td', {}, canEdit ? h('a', { href: '#program/' + encodeURIComponent(p.id) }, p.id) : p.id),
        h('td', {}, p.name || ''), h('td', {}, t('kind.' + p.kind)),
        h('td', {}, p.enabled === false ? t('common.no') : t('common.yes')), h('td', {}, p.priority ?? 100))))));
  } catch (e) {
    box.textContent = '';
    box.append(h('div', { class: 'banner bad' }, e.message));
  }
}
